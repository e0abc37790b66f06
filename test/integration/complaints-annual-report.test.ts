import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { opvang } from '../support/cli.ts';
import { complaintFixture, postComplaint } from '../support/complaints.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';
import { pdfTextOnOneLine } from '../support/pdf-reading.ts';

/**
 * Issue 11 item 3, KLA-9, through the real HTTP server on the virtual clock. On Monday 1 March 2027 three
 * complaints come in through the signed webhooks: Şükrü's about his invoice at De Tol (Typeform),
 * Łucja's about the care at De Tol and one of the parents' committee of De Vlinder with Khai as its
 * contact (our own signed form); on 1 April one more at De Tol from a parent with a 90-character
 * double-barrelled name. Şükrü's is answered on 10 March with a measure and its term; the committee's
 * goes to the Klachtenloket (20 March) and is answered on 22 March; Łucja's is never answered and
 * escalates on day 42, 12 April. That day the year's report, as JSON, CSV and PDF and through
 * `opvang complaints-report`, counts them right and names none of the people, addresses, children,
 * invoices, ids or texts.
 */
let rt: TestRuntime | undefined;
afterAll(async () => {
  await rt?.shutdown();
});

const fixture = complaintFixture;

async function webhook(runtime: TestRuntime, provider: 'typeform' | 'generic', body: unknown) {
  const answer = await postComplaint(runtime, provider, body);
  expect(answer.status).toBe(202);
  return answer.body.complaint;
}

async function report(runtime: TestRuntime, query: string) {
  const response = await fetch(`${runtime.apiUrl}/complaints/report?${query}`, {
    headers: { authorization: `Bearer ${runtime.adminKey}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

const LONG_NAME =
  'Wilhelmina Johanna Alexandra van Lynden tot Oldenaller-Rijckevorsel van Kessel-Oosterhoudt';

/** Şükrü's complaint about his invoice, as Typeform posts it (the fixture's texts kept). */
function sukruComplaint() {
  const body = fixture('typeform-parent');
  body.event_id = '01JN7W3S8Q2B6K0Y4T9D1R5F3B';
  body.form_response.token = 'sukru0000000000000000000000000009';
  body.form_response.submitted_at = '2027-03-01T09:12:00Z';
  for (const answer of body.form_response.answers) {
    if (answer.field.ref === 'parent_name') answer.text = 'Şükrü Yılmaz';
    if (answer.field.ref === 'parent_email') answer.email = 'sukru.yilmaz@example.nl';
    if (answer.field.ref === 'parent_phone') answer.phone_number = '+31687654321';
    if (answer.field.ref === 'child_name') answer.text = 'Elif Yılmaz';
  }
  return body;
}

const generic = (over: Record<string, unknown>) => ({ ...fixture('generic'), ...over });

const LUCJA = generic({
  submissionId: 'website-klacht-2027-0101',
  submittedAt: '2027-03-01T10:30:00+01:00',
  parent: { name: 'Łucja Wiśniewska', email: 'lucja.w@example.nl', phone: '06 2345 6789' },
  child: { name: 'Zofia Wiśniewska' },
  location: 'Kindcentrum De Tol',
  category: 'care',
  complaint: 'Mijn dochter werd om 17.55 uur nog niet aangekleed. Niemand belde mij terug.',
  desiredOutcome: 'Een gesprek met de pedagogisch coach van de Zonnegroep.',
  invoiceNumber: undefined,
});

const COMMITTEE = generic({
  submissionId: 'website-klacht-2027-0102',
  submittedAt: '2027-03-01T11:00:00+01:00',
  submittedBy: 'parents-committee',
  committee: { name: 'Oudercommissie Vlinderhof-Noord' },
  parent: { name: 'Nguyễn Thị Minh Khai', email: 'khai.nguyen@example.nl', phone: '06 3456 7890' },
  child: undefined,
  location: 'BSO De Vlinder',
  category: 'Anders',
  complaint: 'De nieuwe haal- en brengtijden zijn zonder overleg met de oudercommissie ingevoerd.',
  desiredOutcome: 'Overleg vóór elke wijziging van de tijden.',
  invoiceNumber: undefined,
});

const LONG = generic({
  submissionId: 'website-klacht-2027-0140',
  submittedAt: '2027-04-01T08:45:00+02:00',
  parent: { name: LONG_NAME, email: 'w.vanlynden-vankessel@example.nl' },
  child: { name: 'Maximiliaan van Lynden tot Oldenaller' },
  location: 'Kindcentrum De Tol',
  category: 'Opvang of bejegening',
  complaint: 'Onze zoon kwam drie keer met een blauwe plek thuis zonder dat iemand het ons vertelde.',
  desiredOutcome: undefined,
  invoiceNumber: undefined,
});

const SUKRU_ANSWER = {
  answer: 'U heeft gelijk: de 12 uur extra opvang van 14 januari worden gecrediteerd.',
  reasons: 'Elif was die dag ziek gemeld; de registratie is niet bijgewerkt.',
  measures: 'De groepsleiding registreert ziekmeldingen voortaan dezelfde ochtend.',
  measuresBy: '2027-04-01',
};
const COMMITTEE_ANSWER = {
  answer: 'De tijden worden per 1 mei teruggezet en voortaan eerst besproken.',
  reasons: 'Het adviesrecht van de oudercommissie is niet gevolgd.',
};
const STAGE_NOTE = 'Klachtenloket gebeld door mevrouw Khai over de tijden';

describe('issue 11 item 3, KLA-9: the annual complaints report per location', () => {
  it('counts the year’s complaints per location as JSON, CSV and PDF, and through the CLI, without a trace of a person', async () => {
    expect(LONG_NAME.length).toBe(90);
    rt = await startTestRuntime({ start: '2027-03-01' });
    await rt.goTo('2027-03-01', 10);
    const sukru = await webhook(rt, 'typeform', sukruComplaint());
    const lucja = await webhook(rt, 'generic', LUCJA);
    const committee = await webhook(rt, 'generic', COMMITTEE);

    await rt.goTo('2027-03-10', 11);
    expect((await rt.call('POST', `/complaints/${sukru}/answer`, SUKRU_ANSWER)).status).toBe(200);
    await rt.goTo('2027-03-20', 11);
    const stage = await rt.call('POST', `/complaints/${committee}/stages`, {
      stage: 'klachtenloket',
      on: '2027-03-20',
      note: STAGE_NOTE,
    });
    expect(stage.status).toBe(201);
    await rt.goTo('2027-03-22', 11);
    expect((await rt.call('POST', `/complaints/${committee}/answer`, COMMITTEE_ANSWER)).status).toBe(200);
    await rt.goTo('2027-04-01', 10);
    const long = await webhook(rt, 'generic', LONG);
    // KLA-7: Łucja's, unanswered, escalates on day 42.
    await rt.goTo('2027-04-12', 12);
    expect((await rt.call('GET', `/complaints/${lucja}`)).body.complaint).toMatchObject({
      status: 'escalated',
      escalatedOn: '2027-04-12',
    });

    // JSON: the counts per location of the policy, each location the policy has.
    const json = await rt.call('GET', '/complaints/report?year=2027&format=json');
    expect(json.status).toBe(200);
    const data = json.body.report;
    expect(data).toMatchObject({ year: 2027, madeOn: '2027-04-12', dueToGgdBefore: '2028-06-01' });
    expect(data.locations.map((l: { location: string }) => l.location)).toEqual([
      'Kindcentrum De Tol',
      'BSO De Vlinder',
    ]);
    expect(data.locations[0]).toEqual({
      location: 'Kindcentrum De Tol',
      lrk: '175432901',
      reportRequired: true,
      complaints: 3,
      nature: { care: 2, money: 1, other: 0, byParent: 3, byParentsCommittee: 0 },
      outcomes: {
        answeredWithinSixWeeks: 1,
        answeredLate: 0,
        notAnswered: 1,
        notYetDue: 1,
        escalated: 1,
        klachtenloket: 0,
        mediation: 0,
        disputeFiled: 0,
        bindingAdvice: 0,
      },
      measures: { set: 1, withTerm: 1 },
      disputes: { aboutInvoice: 1 },
    });
    expect(data.locations[1]).toMatchObject({
      location: 'BSO De Vlinder',
      complaints: 1,
      nature: { other: 1, byParentsCommittee: 1 },
      outcomes: { answeredWithinSixWeeks: 1, klachtenloket: 1, escalated: 0 },
      measures: { set: 0, withTerm: 0 },
    });
    expect(data.totals.complaints).toBe(4);
    // The default format is JSON.
    expect((await rt.call('GET', '/complaints/report?year=2027')).body).toEqual(json.body);
    // A wrong year or format is named; `/complaints/report` is never taken for a complaint's id.
    const wrong = await rt.call('GET', '/complaints/report?year=20x7&format=docx');
    expect([wrong.status, wrong.body.issues]).toEqual([
      400,
      [
        { field: 'year', problem: 'must be a year like 2027' },
        { field: 'format', problem: 'must be one of json, csv, pdf' },
      ],
    ]);
    expect((await rt.call('GET', '/complaints/report?format=pdf')).body.issues).toEqual([
      { field: 'year', problem: 'is required' },
    ]);
    // A year without complaints needs no report: every location with zeros.
    const quiet = (await rt.call('GET', '/complaints/report?year=2026')).body.report;
    expect(quiet.reportRequired).toBe(false);
    expect(quiet.locations.map((l: { complaints: number }) => l.complaints)).toEqual([0, 0]);

    // CSV: a header and a row per location.
    const csv = await report(rt, 'year=2027&format=csv');
    expect([csv.status, csv.type]).toEqual([200, 'text/csv; charset=utf-8']);
    const csvText = new TextDecoder().decode(csv.bytes);
    const lines = csvText.trimEnd().split('\r\n');
    expect(lines.length).toBe(3);
    expect(lines[1]).toMatch(
      /^"2027";"Kindcentrum De Tol";"175432901";"3";"2";"1";"0";"3";"0";"1";"0";"1";"1";"1";/,
    );
    expect(lines[2]).toMatch(/^"2027";"BSO De Vlinder";"268190347";"1";"0";"0";"1";"0";"1";"1";/);

    // PDF: in Dutch, a table per location, the due date to the GGD.
    const pdf = await report(rt, 'year=2027&format=pdf');
    expect([pdf.status, pdf.type]).toEqual([200, 'application/pdf']);
    const pdfText = await pdfTextOnOneLine(pdf.bytes);
    expect(pdfText).toContain('Jaarverslag klachten 2027');
    expect(pdfText).toContain('Kinderopvang Accrete B.V.');
    expect(pdfText).toContain('Toe te zenden aan de GGD vóór 1 juni 2028');
    expect(pdfText).toMatch(/Kindcentrum De Tol Registratienummer LRK 175432901 Aantal klachten 3 /);
    expect(pdfText).toMatch(/BSO De Vlinder Registratienummer LRK 268190347 Aantal klachten 1 /);
    expect(pdfText).toMatch(/Alle locaties samen Aantal klachten 4 /);

    // The CLI as staff run it against the running back office: the same CSV, and the PDF to a file.
    const api = ['--api', rt.apiUrl, '--key', rt.adminKey];
    const cliCsv = await opvang('complaints-report', '--year', '2027', ...api);
    expect(cliCsv.status).toBe(0);
    expect(cliCsv.stdout).toBe(csvText);
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'complaints-report-')), 'verslag.pdf');
    const cliPdf = await opvang(
      'complaints-report',
      '--year',
      '2027',
      '--format',
      'pdf',
      '--out',
      out,
      ...api,
    );
    expect(cliPdf.status).toBe(0);
    expect(cliPdf.stderr).toContain(
      `Complaints report 2027 (KLA-9): 4 complaint(s) at 2 location(s) → ${out}`,
    );
    expect(cliPdf.stderr).toContain('send it to the GGD before 1 June 2028');
    const filed = new Uint8Array(readFileSync(out));
    expect(await pdfTextOnOneLine(filed)).toContain('Jaarverslag klachten 2027');
    expect((await opvang('complaints-report', '--year', 'vorig', ...api)).status).toBe(2);
    const badFormat = await opvang('complaints-report', '--year', '2027', '--format', 'docx', ...api);
    expect([badFormat.status, badFormat.stderr.split('\n')[0]]).toEqual([
      2,
      '--format must be one of csv, pdf',
    ]);
    const future = await opvang('complaints-report', '--year', '2028', ...api);
    expect([future.status, future.stderr.split('\n')[0]]).toEqual([
      2,
      'year must not be after the current year, 2027',
    ]);
    const down = await opvang(
      'complaints-report',
      '--year',
      '2027',
      '--api',
      'http://127.0.0.1:9',
      '--key',
      'x',
    );
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('the back office does not answer at http://127.0.0.1:9');

    // Nothing that leads to a person, in any of the three.
    const ids = [sukru, lucja, committee, long];
    const stored = await Promise.all(
      ids.map(async (id) => (await rt?.call('GET', `/complaints/${id}`))?.body),
    );
    expect(stored.map((s) => s.complaint.id)).toEqual(ids);
    const personal = [
      ...ids,
      ...['Şükrü', 'Yılmaz', 'Łucja', 'Wiśniewska', 'Nguyễn', 'Minh Khai', 'Khai', 'Zofia', 'Elif'],
      'Şükrü Yılmaz',
      'Łucja Wiśniewska',
      'Nguyễn Thị Minh Khai',
      LONG_NAME,
      'Lynden',
      'Oosterhoudt',
      'Maximiliaan',
      'example.nl',
      '@',
      '+31687654321',
      '06 2345 6789',
      '06 3456 7890',
      '2027-000123',
      '2027 000123',
      '000123',
      'Vlinderhof-Noord',
      'Zonnegroep',
      STAGE_NOTE,
      ...Object.values(SUKRU_ANSWER),
      ...Object.values(COMMITTEE_ANSWER),
      ...[LUCJA, COMMITTEE, LONG].flatMap((c) => [c.complaint, c.desiredOutcome]),
      ...sukruComplaint()
        .form_response.answers.filter((a: { field: { ref: string } }) =>
          ['complaint', 'desired_outcome'].includes(a.field.ref),
        )
        .map((a: { text: string }) => a.text),
      'sukru0000000000000000000000000009',
      'website-klacht-2027-01',
    ].filter((s): s is string => typeof s === 'string' && s.length > 0);
    const reports = { json: JSON.stringify(json.body), csv: csvText, pdf: pdfText };
    for (const [format, text] of Object.entries(reports))
      for (const secret of personal) expect(text, `${format} holds "${secret}"`).not.toContain(secret);
    // The texts are long: a telling piece of each, as a reader of the PDF would find it on one line.
    for (const piece of ['17.55 uur', 'blauwe plek', 'gecrediteerd', 'ziekmeldingen', 'haal- en brengtijden'])
      for (const [format, text] of Object.entries(reports)) expect(text, format).not.toContain(piece);
  }, 300_000);
});
