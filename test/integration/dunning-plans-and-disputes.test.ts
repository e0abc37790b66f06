import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { twoFamiliesPayingByTransfer } from '../support/dunning.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 10 items 5 and 6, through the real pipeline: DUN-9, a payment plan pauses the parent's dunning
 * at once, and an instalment not paid in full by its due date resumes it on the next working day with
 * the step that was next; DUN-11, a disputed invoice is not dunned until the dispute is resolved.
 * Both families pay March 2027 by transfer, do not pay, and get the first reminder on Tuesday 2 March.
 */
let rt: TestRuntime | undefined;
afterAll(async () => {
  await rt?.shutdown();
});

async function invoiceStatus(runtime: TestRuntime, parent: string, month: string) {
  const items =
    (await runtime.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }))).Items ?? [];
  return items.find((i) => i.type === 'invoice' && i.parentId === parent && i.month === month)?.status;
}

describe('DUN-9 and DUN-11: pauses of the ladder', () => {
  it('a plan pauses the dunning until an instalment is missed; a dispute until it is resolved', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    await twoFamiliesPayingByTransfer(rt);
    await rt.goTo('2027-03-02', 10);
    expect((await rt.emails()).filter((e) => e.kind === 'reminder-1')).toHaveLength(2);

    // Friday 5 March: Şükrü agrees a plan for his arrears; Łucja disputes her invoice.
    await rt.goTo('2027-03-05', 10);
    const arrears: number = (await rt.call('GET', '/parents/p2/account')).body.owed;
    const first = Math.floor(arrears / 2);
    const plan = {
      instalments: [
        { due: '2027-03-15', amount: first },
        { due: '2027-04-15', amount: arrears - first },
      ],
    };
    const wrong = await rt.call('POST', '/parents/p2/payment-plan', {
      instalments: [{ due: '2027-03-15', amount: arrears - 1 }],
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.issues[0].field).toBe('instalments');
    const agreed = await rt.call('POST', '/parents/p2/payment-plan', plan);
    expect(agreed.status).toBe(201);
    expect((await rt.call('POST', '/parents/p2/payment-plan', plan)).status).toBe(200);
    expect(
      (
        await rt.call('POST', '/parents/p2/payment-plan', {
          instalments: [{ due: '2027-03-20', amount: arrears }],
        })
      ).status,
    ).toBe(409);
    expect(await invoiceStatus(rt, 'p2', '2027-03')).toBe('plan');
    const disputed = await rt.call('POST', '/invoices/2027-000002/dispute', {
      reason: 'Uren in februari kloppen niet',
    });
    expect(disputed.status).toBe(200);
    expect((await rt.call('POST', '/invoices/2027-000009/dispute', {})).status).toBe(404);
    await rt.goTo('2027-03-05', 11);
    expect((await rt.emails()).filter((e) => e.kind === 'payment-plan').map((e) => e.to)).toEqual([
      'sukru@example.nl',
    ]);

    // Şükrü pays the first instalment on time.
    await rt.goTo('2027-03-12', 10);
    const paid = await rt.call('POST', '/payments', {
      parent: 'p2',
      amount: first,
      date: '2027-03-12',
      reference: 'T-1',
    });
    expect(paid.status).toBe(201);

    // Tuesday 16 March would have been the second reminder: neither family gets one.
    await rt.goTo('2027-03-17', 10);
    expect((await rt.emails()).filter((e) => e.kind === 'reminder-2')).toEqual([]);

    // Monday 22 March: Łucja's dispute is resolved: her second reminder comes the next working day.
    await rt.goTo('2027-03-22', 10);
    expect((await rt.call('POST', '/invoices/2027-000002/dispute/resolved', {})).status).toBe(200);
    await rt.goTo('2027-03-23', 10);
    const lucjaSecond = (await rt.emails()).filter((e) => e.kind === 'reminder-2');
    expect(lucjaSecond.map((e) => [e.to, e.on])).toEqual([['lucja@example.nl', '2027-03-23']]);

    // Şükrü misses the instalment of Thursday 15 April: on Friday 16 April the plan is broken and his
    // dunning resumes with the step that was next: March's second reminder; April's invoice (found
    // unpaid on 1 April, paused by the plan) gets its first, and his contract is terminated (DUN-8).
    await rt.goTo('2027-04-15', 23);
    expect(
      (await rt.emails()).filter(
        (e) => e.to === 'sukru@example.nl' && e.kind.startsWith('reminder-') && e.on > '2027-03-02',
      ),
    ).toEqual([]);
    await rt.goTo('2027-04-16', 10);
    const resumed = (await rt.emails())
      .filter((e) => e.to === 'sukru@example.nl' && e.on === '2027-04-16')
      .map((e) => [e.kind, e.ref.split('#')[0]])
      .sort();
    // DUN-8: April unpaid while March still is: the termination, paused by the plan, comes now too.
    expect(resumed).toEqual([
      ['reminder-1', '2027-000003'],
      ['reminder-2', '2027-000001'],
      ['termination', '2027-000003'],
    ]);
    expect(await invoiceStatus(rt, 'p2', '2027-03')).toBe('in-dunning');
  }, 300_000);
});
