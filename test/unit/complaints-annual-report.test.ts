import { describe, expect, it } from 'vitest';
import {
  annualComplaintsReport,
  annualComplaintsReportCsv,
  complaintAnswerOutcome,
  OTHER_LOCATIONS,
} from '#shared/complaints/annual-report.ts';
import { annualComplaintsReportPdf } from '#shared/complaints/annual-report-pdf.ts';
import { complaintDeadlines } from '#shared/complaints/deadlines.ts';
import { ACCRETE_2020, type Policy } from '#shared/policy.ts';
import type { ComplaintRecord } from '../../functions/complaints/complaint-store.ts';
import { pdfTextOnOneLine } from '../support/pdf-reading.ts';

/**
 * KLA-9: the annual complaints report per location: number and nature, outcomes, measures and disputes,
 * from complaints as the store keeps them, with nothing in it that leads to a person.
 */
const TOL = 'Kindcentrum De Tol';
const VLINDER = 'BSO De Vlinder';
const EILAND = 'Peuteropvang Het Eiland';
const POLICY: Policy = {
  ...ACCRETE_2020,
  locations: [
    ...ACCRETE_2020.locations,
    { name: EILAND, address: ['Eilandstraat 3', '3511 AA Utrecht'], lrk: '301245678' },
  ],
};
const MADE_ON = '2028-01-20';

const PEOPLE = [
  { name: 'Şükrü Yılmaz', email: 'sukru@example.nl', phone: '06 1111 2222', child: 'Zeynep Yılmaz' },
  { name: 'Łucja Wiśniewska', email: 'lucja@example.nl', phone: '06 3333 4444', child: 'Zofia Wiśniewska' },
  { name: 'Nguyễn Thị Minh Khai', email: 'khai@example.nl', phone: '06 5555 6666', child: 'Minh Anh Nguyễn' },
];
let serial = 0;

/** A complaint as the store keeps it, with a person, a child and texts that must never reach the report. */
function complaint(over: Partial<ComplaintRecord> & { submittedOn: string }): ComplaintRecord {
  serial += 1;
  const person = PEOPLE[serial % PEOPLE.length] as (typeof PEOPLE)[number];
  return {
    type: 'complaint',
    id: `k-${String(serial).padStart(12, 'a')}`,
    provider: 'typeform',
    submissionId: `submission-${serial}`,
    fingerprint: `fingerprint-${serial}`,
    submittedAt: `${over.submittedOn}T08:00:00.000Z`,
    submittedBy: 'parent',
    complainant: { name: person.name, email: person.email, phone: person.phone },
    child: { name: person.child },
    location: TOL,
    category: 'care',
    text: `Klacht nummer ${serial}: de groep was te vol op dinsdag.`,
    desiredOutcome: `Gewenste uitkomst ${serial}: meer leidsters.`,
    routedTo: 'location-manager',
    deadlines: complaintDeadlines(over.submittedOn),
    status: 'in-progress',
    events: [{ on: over.submittedOn, what: 'received from the typeform form' }],
    ...over,
  };
}

const answer = (on: string, measures?: { what: string; by?: string }) => ({
  answer: `Antwoord van ${on}: u heeft gelijk.`,
  reasons: `Redenen van ${on}: de roosters waren niet bijgewerkt.`,
  ...(measures ? { measures: measures.what, ...(measures.by ? { measuresBy: measures.by } : {}) } : {}),
  on,
});

const complaints: ComplaintRecord[] = [
  // De Tol: answered in week 1, with a measure and its term.
  complaint({
    submittedOn: '2027-02-03',
    answer: answer('2027-02-10', { what: 'Ziekmeldingen dezelfde ochtend registreren.', by: '2027-03-01' }),
  }),
  // De Tol: about an invoice, escalated on day 42 and answered after; a measure without a term.
  complaint({
    submittedOn: '2027-03-01',
    category: 'money',
    routedTo: 'finance',
    invoice: '2027-000311',
    escalatedOn: '2027-04-12',
    answer: answer('2027-04-20', { what: 'De sluitingstijd wordt twee maanden vooraf gemeld.' }),
  }),
  // De Tol: the parents' committee, never answered, through every external stage (KLA-8).
  complaint({
    submittedOn: '2027-04-06',
    submittedBy: 'parents-committee',
    committee: { name: 'Oudercommissie De Tol' },
    category: 'other',
    escalatedOn: '2027-05-18',
    stages: [
      { stage: 'klachtenloket', on: '2027-05-20' },
      { stage: 'mediation', on: '2027-06-01', note: 'Bemiddelaar mevrouw Jansen' },
      { stage: 'dispute-filed', on: '2027-07-01' },
      {
        stage: 'binding-advice',
        on: '2027-10-01',
        orders: [{ what: 'Klachtengeld terugbetalen', by: '2027-10-15' }],
      },
    ],
  }),
  // De Tol: answered on day 42 itself, after that morning's escalation: late (KLA-7).
  complaint({
    submittedOn: '2027-05-03',
    escalatedOn: '2027-06-14',
    answer: answer('2027-06-14'),
  }),
  // De Tol: answered on day 42 before the escalation: within 6 weeks.
  complaint({ submittedOn: '2027-06-01', answer: answer('2027-07-13') }),
  // De Tol: closed without an answer before its answer date: not answered.
  complaint({ submittedOn: '2027-12-06', stages: [{ stage: 'closed', on: '2027-12-08' }], status: 'closed' }),
  // De Tol: submitted in December, its answer date (31 January) not yet come on 20 January.
  complaint({ submittedOn: '2027-12-20' }),
  // De Vlinder, as a form spelled it: answered in time.
  complaint({ submittedOn: '2027-09-09', location: '  bso de VLINDER', answer: answer('2027-09-20') }),
  // A location the policy does not know.
  complaint({ submittedOn: '2027-10-10', location: 'Kinderdagverblijf De Regenboog', category: 'money' }),
  // Other years: not in the report of 2027.
  complaint({ submittedOn: '2026-12-31' }),
  complaint({ submittedOn: '2028-01-02' }),
];

const report = annualComplaintsReport({ year: 2027, complaints, policy: POLICY, madeOn: MADE_ON });

describe('KLA-9: the annual complaints report per location', () => {
  it('counts each location’s complaints by nature, outcome, measures and disputes', () => {
    expect(report.locations.map((l) => l.location)).toEqual([TOL, VLINDER, OTHER_LOCATIONS]);
    const tol = report.locations[0];
    expect(tol).toEqual({
      location: TOL,
      lrk: '175432901',
      reportRequired: true,
      complaints: 7,
      nature: { care: 5, money: 1, other: 1, byParent: 6, byParentsCommittee: 1 },
      outcomes: {
        answeredWithinSixWeeks: 2,
        answeredLate: 2,
        notAnswered: 2,
        notYetDue: 1,
        escalated: 3,
        klachtenloket: 1,
        mediation: 1,
        disputeFiled: 1,
        bindingAdvice: 1,
      },
      measures: { set: 2, withTerm: 1 },
      disputes: { aboutInvoice: 1 },
    });
    expect(report.locations[1]).toMatchObject({
      location: VLINDER,
      lrk: '268190347',
      complaints: 1,
      outcomes: { answeredWithinSixWeeks: 1 },
    });
    // A location typed on a form that the policy does not know: counted, its name not printed.
    expect(report.locations[2]).toMatchObject({ location: OTHER_LOCATIONS, complaints: 1 });
    expect(report.locations[2]).not.toHaveProperty('lrk');
  });

  it('adds every location up in the totals, and the four answer outcomes add up to the complaints', () => {
    expect(report.totals.complaints).toBe(9);
    expect(report.totals.nature).toEqual({ care: 6, money: 2, other: 1, byParent: 8, byParentsCommittee: 1 });
    const { answeredWithinSixWeeks, answeredLate, notAnswered, notYetDue } = report.totals.outcomes;
    expect([answeredWithinSixWeeks, answeredLate, notAnswered, notYetDue]).toEqual([3, 2, 3, 1]);
    for (const row of [...report.locations, report.totals]) {
      const o = row.outcomes;
      expect(o.answeredWithinSixWeeks + o.answeredLate + o.notAnswered + o.notYetDue).toBe(row.complaints);
    }
  });

  it('is due to the GGD before 1 June of the next year, and says who it is from', () => {
    expect(report).toMatchObject({
      year: 2027,
      madeOn: MADE_ON,
      dueToGgdBefore: '2028-06-01',
      reportRequired: true,
      organisation: { name: 'Kinderopvang Accrete B.V.', kvk: '12345678' },
    });
  });

  it('KLA-4, KLA-7: in time means answered by day 42 and before that day’s escalation', () => {
    const deadlines = complaintDeadlines('2027-03-01');
    expect(complaintAnswerOutcome({ deadlines, answer: { on: '2027-04-12' } }, MADE_ON)).toBe(
      'answeredWithinSixWeeks',
    );
    expect(
      complaintAnswerOutcome({ deadlines, answer: { on: '2027-04-12' }, escalatedOn: '2027-04-12' }, MADE_ON),
    ).toBe('answeredLate');
    expect(complaintAnswerOutcome({ deadlines, answer: { on: '2027-04-13' } }, MADE_ON)).toBe('answeredLate');
    // Without an answer: due on the answer date itself (as GET /complaints?overdue=true), not before.
    expect(complaintAnswerOutcome({ deadlines }, '2027-04-11')).toBe('notYetDue');
    expect(complaintAnswerOutcome({ deadlines }, '2027-04-12')).toBe('notAnswered');
  });

  it('lists a location without complaints only when asked, with zeros and no report needed; a year without complaints needs none', () => {
    expect(report.locations.map((l) => l.location)).not.toContain(EILAND);
    const all = annualComplaintsReport({
      year: 2027,
      complaints,
      policy: POLICY,
      madeOn: MADE_ON,
      allLocations: true,
    });
    expect(all.locations.map((l) => l.location)).toEqual([TOL, VLINDER, EILAND, OTHER_LOCATIONS]);
    const eiland = all.locations[2];
    expect(eiland).toMatchObject({
      location: EILAND,
      lrk: '301245678',
      complaints: 0,
      reportRequired: false,
    });
    expect(eiland?.outcomes).toEqual(
      Object.fromEntries(Object.keys(eiland?.outcomes ?? {}).map((k) => [k, 0])),
    );
    const quiet = annualComplaintsReport({
      year: 2025,
      complaints,
      policy: POLICY,
      madeOn: MADE_ON,
      allLocations: true,
    });
    expect(quiet.reportRequired).toBe(false);
    expect(quiet.locations.every((l) => !l.reportRequired && l.complaints === 0)).toBe(true);
    expect(quiet.locations.map((l) => l.location)).toEqual([TOL, VLINDER, EILAND]);
  });

  it('writes one quoted, `;`-separated CSV row per location under a header', () => {
    const lines = annualComplaintsReportCsv(report).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]?.split(';').slice(0, 4)).toEqual(['"year"', '"location"', '"lrk"', '"complaints"']);
    expect(lines[0]).toContain('"answered_within_6_weeks";"answered_late";"not_answered";"not_yet_due"');
    expect(lines[0]?.endsWith('"report_required";"due_to_ggd_before"')).toBe(true);
    expect(lines.length).toBe(2 + report.locations.length);
    const header = lines[0]?.split(';') ?? [];
    const tol = Object.fromEntries((lines[1]?.split(';') ?? []).map((cell, i) => [header[i], cell]));
    expect(tol).toMatchObject({
      '"year"': '"2027"',
      '"location"': '"Kindcentrum De Tol"',
      '"lrk"': '"175432901"',
      '"complaints"': '"7"',
      '"care_or_conduct"': '"5"',
      '"by_parents_committee"': '"1"',
      '"escalated"': '"3"',
      '"binding_advice"': '"1"',
      '"answers_with_measures"': '"2"',
      '"measures_with_term"': '"1"',
      '"about_an_invoice"': '"1"',
      '"report_required"': '"yes"',
      '"due_to_ggd_before"': '"2028-06-01"',
    });
  });

  it('holds no name, e-mail address, phone, child, invoice number, complaint id or text, in JSON, CSV or PDF', async () => {
    const pdf = await pdfTextOnOneLine(await annualComplaintsReportPdf(report, POLICY));
    const secrets = complaints.flatMap((c) => [
      c.id,
      c.submissionId,
      c.fingerprint,
      c.complainant.name,
      c.complainant.email,
      c.complainant.phone ?? '',
      c.child?.name ?? '',
      c.committee?.name ?? '',
      c.invoice ?? '',
      c.text,
      c.desiredOutcome ?? '',
      c.answer?.answer ?? '',
      c.answer?.reasons ?? '',
      c.answer?.measures ?? '',
      ...(c.stages ?? []).flatMap((s) => [s.note ?? '', ...(s.orders ?? []).map((o) => o.what)]),
      'Kinderdagverblijf De Regenboog',
    ]);
    const parts = ['Şükrü', 'Yılmaz', 'Łucja', 'Wiśniewska', 'Nguyễn', 'Khai', 'example.nl', '2027-000311'];
    for (const text of [JSON.stringify(report), annualComplaintsReportCsv(report), pdf])
      for (const secret of [...secrets, ...parts].filter(Boolean)) expect(text).not.toContain(secret);
  });

  it('prints the report in Dutch: title, organisation, a table per location, the due date to the GGD', async () => {
    const all = annualComplaintsReport({
      year: 2027,
      complaints,
      policy: POLICY,
      madeOn: MADE_ON,
      allLocations: true,
    });
    const text = await pdfTextOnOneLine(await annualComplaintsReportPdf(all, POLICY));
    expect(text).toContain('Jaarverslag klachten 2027');
    expect(text).toContain('Kinderopvang Accrete B.V.');
    expect(text).toContain('KvK-nummer 12345678');
    expect(text).toContain('Toe te zenden aan de GGD vóór 1 juni 2028');
    for (const name of [TOL, VLINDER, EILAND, OTHER_LOCATIONS]) expect(text).toContain(name);
    expect(text).toContain('Registratienummer LRK 175432901');
    expect(text).toMatch(/Aantal klachten 7 /);
    expect(text).toMatch(/Ingediend door de oudercommissie 1 /);
    expect(text).toMatch(/Beantwoord binnen 6 weken 2 /);
    expect(text).toMatch(/Bindend advies ontvangen 1 /);
    expect(text).toMatch(/Klachten over een factuur 1 /);
    expect(text).toContain('Geen klachten in 2027: voor deze locatie is over dit jaar geen verslag nodig.');
    expect(text).toMatch(/Alle locaties samen Aantal klachten 9 /);
  });
});
