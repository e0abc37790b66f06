import { afterAll, describe, expect, it } from 'vitest';
import { sentEmails } from '../../infra/local/report.ts';
import { opvang } from '../support/cli.ts';
import { LUCJA_TRANSFERS } from '../support/dunning.ts';
import { KDV_MONDAYS, SUKRU } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';
import { pdfText } from '../support/pdf-reading.ts';

/**
 * Issue 10 item 8, INV-8, through the real pipeline on the virtual clock: two families with Monday day care
 * from November 2027. Şükrü pays by direct debit and has given his BSN; Łucja pays by transfer and leaves
 * December unpaid. On the policy's day, 31 January 2028, Şükrü's statement for 2027 is e-mailed with its
 * PDF; Łucja's is withheld (art. 14.11) and she is told why; on the day she pays her arrears it is issued.
 */
let rt: TestRuntime | undefined;
afterAll(async () => {
  await rt?.shutdown();
});

async function statementPdfs(runtime: TestRuntime, to: string) {
  return (await sentEmails(runtime))
    .filter((e) => e.header('X-Opvang-Kind') === 'annual-statement' && e.destination.to.includes(to))
    .map((e) => ({
      on: e.header('X-Opvang-Date'),
      attachments: (e.attachments ?? []).map((a) => ({
        filename: a.filename,
        content: new Uint8Array(Buffer.from(a.content, 'base64')),
      })),
    }));
}

describe('issue 10 item 8, INV-8: annual statements', () => {
  it('issues the statement on the policy day, withholds it while in arrears and issues it the day they are paid', async () => {
    rt = await startTestRuntime({ start: '2027-10-19' });
    await rt.goTo('2027-10-19');

    // The BSN: validated by the eleven test, named when wrong; stored sealed, answered masked.
    const wrong = await rt.call('PUT', '/parents/p1', { ...SUKRU, bsn: '111222334' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues).toEqual([
      { field: 'bsn', problem: 'is not a valid BSN (it fails the eleven test)' },
    ]);
    const saved = await rt.call('PUT', '/parents/p1', { ...SUKRU, bsn: '111 222 333' });
    expect(saved.status).toBe(200);
    expect(saved.body.parent.bsn).toBe('******333');
    // A change of address without the BSN keeps it.
    const moved = await rt.call('PUT', '/parents/p1', {
      ...SUKRU,
      address: { street: 'Oudegracht 101', postcode: '3511 AK', city: 'Utrecht' },
    });
    expect(moved.body.parent.bsn).toBe('******333');
    expect(JSON.stringify(moved.body)).not.toContain('111222333');
    expect((await rt.call('PUT', '/parents/p2', LUCJA_TRANSFERS)).status).toBe(200);
    for (const [id, parent] of [
      ['c1', 'p1'],
      ['c2', 'p2'],
    ] as const)
      expect(
        (await rt.call('POST', '/contracts', { ...KDV_MONDAYS, id, parent, start: '2027-11-01' })).status,
      ).toBe(201);

    // Łucja pays November on time, not December.
    await rt.goTo('2027-10-25', 10);
    const november = (await rt.call('GET', '/parents/p2/account')).body.invoices[0];
    expect(
      (
        await rt.call('POST', '/payments', {
          parent: 'p2',
          amount: november.total,
          date: '2027-10-25',
          reference: 'ING-20271025-1',
          invoice: november.number,
        })
      ).status,
    ).toBe(201);

    // Not before the year has ended.
    const early = await rt.call('POST', '/annual-statements', { year: 2027 });
    expect(early.status).toBe(422);
    expect(early.body.issues[0].field).toBe('year');

    // INV-8: on 31 January 2028 (the policy's day) the statements of 2027.
    await rt.goTo('2028-01-31', 10);
    const listed = (await rt.call('GET', '/annual-statements?year=2027')).body.statements;
    expect(
      listed.map((s: { parentId: string; status: string; issuedOn?: string; withheldOn?: string }) => [
        s.parentId,
        s.status,
        s.issuedOn ?? s.withheldOn,
      ]),
    ).toEqual([
      ['p1', 'issued', '2028-01-31'],
      ['p2', 'withheld', '2028-01-31'],
    ]);
    const sukru = await statementPdfs(rt, SUKRU.email);
    expect(sukru.map((s) => s.on)).toEqual(['2028-01-31']);
    expect(sukru[0]?.attachments.map((a) => a.filename)).toEqual(['jaaropgave-2027-2027-p1-c1.pdf']);
    const text = (await pdfText(sukru[0]?.attachments[0]?.content as Uint8Array)).replaceAll('\u00a0', ' ');
    for (const expected of [
      'Jaaropgave kinderopvang 2027',
      'Kindcentrum De Tol',
      '175432901',
      'Şükrü Yılmaz',
      '111222333',
      KDV_MONDAYS.child.name,
      'november 2027',
      'december 2027',
      'Totaal betaald voor 2027',
    ])
      expect(text).toContain(expected);
    const withheldMail = (await rt.emails()).filter((e) => e.kind === 'annual-statement-withheld');
    expect(withheldMail.map((e) => [e.to, e.on])).toEqual([[LUCJA_TRANSFERS.email, '2028-01-31']]);
    expect(withheldMail[0]?.text).toContain('zolang er een betalingsachterstand is');
    expect(await statementPdfs(rt, LUCJA_TRANSFERS.email)).toEqual([]);

    // By hand again (the CLI's route): nothing is sent twice.
    const again = await rt.call('POST', '/annual-statements', { year: 2027 });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ parents: 2, issued: 0, issuedBefore: 1, withheld: 1, failed: [] });
    expect((await statementPdfs(rt, SUKRU.email)).length).toBe(1);

    // Łucja pays everything she owes on 2 February: her statement is issued that day.
    await rt.goTo('2028-02-02', 10);
    const owed = (await rt.call('GET', '/parents/p2/account')).body.owed;
    expect(owed).toBeGreaterThan(0);
    expect(
      (
        await rt.call('POST', '/payments', {
          parent: 'p2',
          amount: owed,
          date: '2028-02-02',
          reference: 'ING-20280202-7',
        })
      ).status,
    ).toBe(201);
    await rt.goTo('2028-02-02', 11);
    const lucja = await statementPdfs(rt, LUCJA_TRANSFERS.email);
    expect(lucja.map((s) => s.on)).toEqual(['2028-02-02']);
    const after = (await rt.call('GET', '/annual-statements?year=2027')).body.statements;
    expect(after.find((s: { parentId: string }) => s.parentId === 'p2')).toMatchObject({
      status: 'issued',
      issuedOn: '2028-02-02',
    });

    // `opvang annual-statements` as finance runs it against the running back office.
    const api = ['--api', rt.apiUrl, '--key', rt.adminKey];
    const cli = await opvang('annual-statements', '--year', '2027', ...api);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('Annual statements 2027 (INV-8), 2 parent(s):');
    expect(cli.stdout).toMatch(/issued before\s+2 \(not sent again\)/);
    const json = await opvang('annual-statements', '--year', '2027', '--json', ...api);
    expect(JSON.parse(json.stdout)).toMatchObject({ year: 2027, parents: 2, issued: 0, issuedBefore: 2 });
    const notEnded = await opvang('annual-statements', '--year', '2028', ...api);
    expect(notEnded.status).toBe(2);
    expect(notEnded.stderr).toContain('year 2028 has not ended yet');
    expect((await opvang('annual-statements', '--year', 'last', ...api)).status).toBe(2);
    expect((await statementPdfs(rt, SUKRU.email)).length).toBe(1);
  }, 300_000);
});
