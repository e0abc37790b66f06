import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { legalConflicts } from '#shared/dunning/legal-check.ts';
import { roundHalfUp } from '#shared/money.ts';
import { POLICIES, type Policy } from '#shared/policy.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { twoFamiliesPayingByTransfer } from '../support/dunning.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 10, through the real pipeline on the virtual clock: two families pay March 2027 by transfer and do
 * not pay by its due date, Monday 1 March. DUN-1: found unpaid that day; DUN-2: the first reminder on
 * the next working day; DUN-3: the second 14 days later; DUN-4: the hand-over on the first working day
 * after its 7 days. DUN-6: € 35 per reminder, its own included; DUN-5: statutory interest (4% in 2027)
 * from the day after; DUN-10: a family that pays what the reminder says hears nothing more.
 */
let rt: TestRuntime | undefined;
afterAll(async () => {
  await rt?.shutdown();
});

/** DUN-5 by hand: simple interest at 4%, actual/365, rounded half-up once. */
const interest = (principal: number, days: number) =>
  roundHalfUp(BigInt(principal) * 400n * BigInt(days), 10_000n * 365n);

async function caseOf(runtime: TestRuntime, invoice: string) {
  const items =
    (await runtime.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }))).Items ?? [];
  return items.find((i) => i.type === 'dunning-case' && i.invoice === invoice);
}

describe('DUN-1..4, DUN-10: the ladder of an unpaid March invoice', () => {
  it('reminds on the right days with the right amounts, stops at once for the family that pays, and hands over the other', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    await twoFamiliesPayingByTransfer(rt);
    await rt.goTo('2027-02-22', 10);
    const account = await rt.call('GET', '/parents/p2/account');
    const monthly: number = account.body.invoices[0].total;
    expect(account.body.invoices[0].number).toBe('2027-000001');

    // DUN-1, DUN-2: found unpaid on Monday 1 March; the first reminder on Tuesday 2 March.
    await rt.goTo('2027-03-02', 10);
    const first = (await rt.emails()).filter((e) => e.kind === 'reminder-1');
    expect(first.map((e) => [e.to, e.on]).sort()).toEqual([
      ['lucja@example.nl', '2027-03-02'],
      ['sukru@example.nl', '2027-03-02'],
    ]);
    const sukruFirst = first.find((e) => e.to === 'sukru@example.nl');
    // One day of interest (2 March): € 747,07 × 4% / 365.
    const day1 = interest(monthly, 1);
    expect(sukruFirst?.text).toContain(`binnen 10 dagen na ontvangst`);
    const euro = (cents: number) =>
      new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);
    expect(sukruFirst?.text).toContain(euro(monthly));
    expect(sukruFirst?.text).toContain(euro(3_500));
    expect(sukruFirst?.text).toContain(euro(day1));
    expect(sukruFirst?.text).toContain(euro(monthly + 3_500 + day1));
    const stored = await rt.call('GET', '/parents/p2/account');
    expect(stored.body.invoices[0]).toMatchObject({
      status: 'open',
      fees: 3_500,
      interest: day1,
      foundUnpaidOn: '2027-03-01',
    });

    // DUN-10: Łucja pays what her reminder says on Wednesday 10 March: her case ends at once.
    await rt.goTo('2027-03-10', 10);
    const lucjaTotal = monthly + 3_500 + day1;
    const paid = await rt.call('POST', '/payments', {
      parent: 'p3',
      amount: lucjaTotal,
      date: '2027-03-10',
      reference: 'ABN-20270310-7781',
    });
    expect(paid.status).toBe(201);
    expect(paid.body.account).toMatchObject({ owed: 0, credit: 0 });
    await rt.goTo('2027-03-10', 11);
    expect(await caseOf(rt, '2027-000002')).toMatchObject({ status: 'cleared', closedOn: '2027-03-10' });

    // DUN-3: the second reminder for Şükrü on Tuesday 16 March (14 days after the first), with both fees
    // and the interest of 2..16 March.
    await rt.goTo('2027-03-16', 10);
    const second = (await rt.emails()).filter((e) => e.kind === 'reminder-2');
    expect(second.map((e) => [e.to, e.on])).toEqual([['sukru@example.nl', '2027-03-16']]);
    const days15 = interest(monthly, 15);
    expect(second[0]?.text).toContain('binnen een week');
    expect(second[0]?.text).toContain(euro(7_000));
    expect(second[0]?.text).toContain(euro(days15));
    expect(second[0]?.text).toContain(euro(monthly + 7_000 + days15));

    // Issue 13: finance's arrears list shows each case with its last and next step and their days.
    const finance = await rt.staffToken({
      email: 'financien@opvang.example',
      name: 'Financiën',
      role: 'finance',
    });
    const listed = await rt.call('GET', '/dunning-cases', undefined, finance);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const arrears = listed.body.cases;
    // Newest first; the two were found unpaid the same day.
    expect(arrears).toEqual([
      expect.objectContaining({
        invoice: '2027-000002',
        status: 'cleared',
        closedOn: '2027-03-10',
        lastStep: { step: 'reminder-1', on: '2027-03-02' },
      }),
      expect.objectContaining({
        invoice: '2027-000001',
        parentName: 'Şükrü Yılmaz',
        status: 'active',
        lastStep: { step: 'reminder-2', on: '2027-03-16' },
        nextStep: { step: 'hand-over', on: '2027-03-24' },
      }),
    ]);
    expect(arrears[0].nextStep).toBeUndefined();
    const check = await rt.call('GET', '/policy/check', undefined, finance);
    // DUN-12: the organisation's own terms charge costs the law does not allow; the console shows each.
    expect(check.status).toBe(200);
    expect(check.body.policy).toBe('accrete-2020');
    expect(check.body.conflicts).toEqual(legalConflicts(POLICIES['accrete-2020'] as Policy));
    expect(check.body.conflicts.length).toBeGreaterThan(0);

    // DUN-4: the hand-over on the first working day after 23 March: Wednesday 24 March.
    await rt.goTo('2027-03-24', 10);
    const handover = (await rt.emails()).filter((e) => e.kind === 'handover');
    expect(handover.map((e) => [e.to, e.on])).toEqual([['sukru@example.nl', '2027-03-24']]);
    const tasks = (await rt.call('GET', '/tasks')).body.tasks;
    expect(tasks.some((t: { subject: string }) => t.subject === 'hand-over#2027-000001')).toBe(true);
    expect(await caseOf(rt, '2027-000001')).toMatchObject({ status: 'handed-over' });
    // DUN-4: the claim for the agency, a CSV line with the amounts and what was sent before.
    const claimFile = /the claim is (\S+)\)/.exec(
      tasks.find((t: { subject: string }) => t.subject === 'hand-over#2027-000001').error,
    )?.[1];
    const claim = readFileSync(claimFile as string, 'utf8').split('\r\n');
    expect(claim[0]).toContain('"invoice";"parent";"name"');
    expect(claim[1]).toContain('"2027-000001";"p2";"Şükrü Yılmaz"');
    expect(claim[1]).toContain('"reminder-1 2027-03-02 (e-mail) | reminder-2 2027-03-16 (e-mail and post)"');
    expect(claim[1]).toContain(`"${(monthly / 100).toFixed(2)}";"70.00"`);
    // Issue 10 item 4: staff hand the claim over and mark the task done: it leaves the list.
    const handOverTask = tasks.find((t: { subject: string }) => t.subject === 'hand-over#2027-000001');
    const done = await rt.call('POST', `/tasks/${encodeURIComponent(handOverTask.id)}/done`);
    expect(done.status).toBe(200);
    expect(done.body.task).toMatchObject({ status: 'done', doneOn: '2027-03-24' });
    expect((await rt.call('POST', `/tasks/${encodeURIComponent(handOverTask.id)}/done`)).status).toBe(200);
    expect((await rt.call('POST', '/tasks/dunning%23nothing/done')).status).toBe(404);
    const open = (await rt.call('GET', '/tasks')).body.tasks.map((t: { id: string }) => t.id);
    expect(open).not.toContain(handOverTask.id);
    const invoices = ((await rt.db.send(new ScanCommand({ TableName: TABLE_NAME }))).Items ?? []).filter(
      (i) => i.type === 'invoice' && i.month === '2027-03',
    );
    expect(Object.fromEntries(invoices.map((i) => [i.parentId, i.status]))).toEqual({
      p2: 'handed-over',
      p3: 'paid',
    });

    // DUN-8, CON-7: April's invoice is found unpaid on Thursday 1 April while March's still is: on
    // Friday 2 April Şükrü's contract is terminated at once, by e-mail and registered letter (he has no
    // postal address: a task to post it by hand). Łucja paid March: her contract runs on.
    await rt.goTo('2027-04-02', 10);
    const termination = (await rt.emails()).filter((e) => e.kind === 'termination');
    expect(termination.map((e) => [e.to, e.on])).toEqual([['sukru@example.nl', '2027-04-02']]);
    expect(termination[0]?.text).toContain('2027-000001, 2027-000003');
    expect((await rt.call('GET', '/contracts/c2')).body.contract).toMatchObject({
      status: 'terminated',
      end: '2027-04-02',
    });
    expect((await rt.call('GET', '/contracts/c3')).body.contract).toMatchObject({ status: 'active' });
    const afterTermination = (await rt.call('GET', '/tasks')).body.tasks.map(
      (t: { subject: string }) => t.subject,
    );
    expect(afterTermination).toContain('termination#p2#2027-000003');
    expect(
      afterTermination.some(
        (t: string) =>
          t.includes('termination') && t.includes('2027-000003') && t !== 'termination#p2#2027-000003',
      ),
    ).toBe(true);

    // Nothing after full payment, nothing twice: Łucja had one reminder; Şükrü one of each.
    await rt.goTo('2027-04-30', 10);
    const all = (await rt.emails()).filter((e) => e.kind !== 'invoice');
    expect(all.filter((e) => e.ref.startsWith('2027-000002')).map((e) => e.kind)).toEqual(['reminder-1']);
    expect(
      all
        .filter((e) => e.to === 'sukru@example.nl' && e.ref.startsWith('2027-000001'))
        .map((e) => e.kind)
        .sort(),
    ).toEqual(['handover', 'reminder-1', 'reminder-2']);
  }, 300_000);
});
