import { afterAll, describe, expect, it } from 'vitest';
import { mondayContracts, SUKRU_TRANSFERS } from '../support/dunning.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 10 item 4, DUN-4: the hand-over suspends care. The contract shows `suspended`, is still invoiced,
 * takes no new care, and is active again on the day the arrears it was suspended for are paid. Şükrü pays
 * by transfer; March 2027 is not paid and is handed over on Wednesday 24 March; he pays April on time (no
 * DUN-8 termination) and the March claim on Monday 26 April.
 */
let rt: TestRuntime | undefined;
afterAll(async () => {
  await rt?.shutdown();
});

type Task = { id: string; subject: string; error: string };

describe('issue 10 item 4, DUN-4: care suspended at the hand-over and active again once paid', () => {
  it('suspends the contract, keeps invoicing it, refuses extra care, and resumes it when the claim is paid', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    expect((await rt.call('PUT', '/parents/p2', SUKRU_TRANSFERS)).status).toBe(200);
    await mondayContracts(rt, ['p2']);

    // DUN-4: handed over on 24 March, care suspended from that day, a task for the location per contract.
    await rt.goTo('2027-03-24', 10);
    const contract = (await rt.call('GET', '/contracts/c2')).body.contract;
    expect(contract).toMatchObject({
      status: 'suspended',
      suspension: { since: '2027-03-24', invoices: { '2027-000001': '2027-03-24' } },
    });
    const tasks: Task[] = (await rt.call('GET', '/tasks')).body.tasks;
    const suspended = tasks.find((t) => t.subject === 'suspended#c2#2027-000001');
    expect(suspended?.error).toContain(
      'suspend the care of contract c2 at Kindcentrum De Tol from 2027-03-24',
    );

    // No new care while suspended: extra care is refused, naming the reason.
    const extra = await rt.call('POST', '/contracts/c2/extra-care', { date: '2027-04-26', hours: 2 });
    expect(extra.status).toBe(409);
    expect(extra.body.issues[0].problem).toContain('suspended since 2027-03-24');

    // April's invoice (issued 22 March) is paid on time, so no DUN-8 termination follows.
    const account = (await rt.call('GET', '/parents/p2/account')).body;
    const april = account.invoices.find((b: { month: string }) => b.month === '2027-04');
    await rt.goTo('2027-03-29', 10);
    const paidApril = await rt.call('POST', '/payments', {
      parent: 'p2',
      amount: april.total,
      date: '2027-03-29',
      reference: 'ABN-20270329-0001',
      invoice: april.number,
    });
    expect(paidApril.status).toBe(201);

    // DUN-4: suspension does not end the contract: May is invoiced as before (run of 20 April).
    await rt.goTo('2027-04-22', 10);
    const may = (await rt.call('GET', '/parents/p2/account')).body.invoices.find(
      (b: { month: string }) => b.month === '2027-05',
    );
    expect(may?.total).toBe(april.total);
    expect((await rt.call('GET', '/contracts/c2')).body.contract.status).toBe('suspended');

    // The March claim paid in full on 26 April (principal, fees, interest): care is active again.
    await rt.goTo('2027-04-26', 10);
    const march = (await rt.call('GET', '/parents/p2/account')).body.invoices.find(
      (b: { month: string }) => b.month === '2027-03',
    );
    expect(march.balance).toBeGreaterThan(march.total);
    const paidMarch = await rt.call('POST', '/payments', {
      parent: 'p2',
      amount: march.balance,
      date: '2027-04-26',
      reference: 'ABN-20270426-0002',
      invoice: march.number,
    });
    expect(paidMarch.status).toBe(201);
    await rt.goTo('2027-04-26', 11);
    const after = (await rt.call('GET', '/contracts/c2')).body.contract;
    expect(after.status).toBe('active');
    expect(after.suspension).toBeUndefined();
    expect(after.suspensions).toEqual([
      { since: '2027-03-24', until: '2027-04-26', invoices: { '2027-000001': '2027-03-24' } },
    ]);
    const resumed = ((await rt.call('GET', '/tasks')).body.tasks as Task[]).find(
      (t) => t.subject === 'resumed#c2#2027-03-24',
    );
    expect(resumed?.error).toContain('may resume from 2027-04-26');
    // And new care can be asked for again.
    expect((await rt.call('POST', '/contracts/c2/extra-care', { date: '2027-05-24', hours: 2 })).status).toBe(
      201,
    );
  }, 300_000);
});
