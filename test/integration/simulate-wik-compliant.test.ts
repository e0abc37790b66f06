import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../infra/local/scenario.ts';
import { simulate } from '../support/simulate-on-worker-dynamodb.ts';

/**
 * Issue 10 item 7, DUN-12: `simulate --policy wik-compliant` runs the dunning ladder of the compliant
 * preset end to end: the first reminder is the cost-free letter (fourteen days after receipt, by e-mail
 * and by post), and the second comes 21 days after it (the accrete-2020 preset sends it after 14). Şükrü
 * pays March 2027 by transfer and does not pay; it is found unpaid at the end of Monday 1 March.
 */
const scenario = (policy: string) => ({
  policy,
  start: '2027-02-15',
  end: '2027-03-31',
  parents: [{ id: 'p1', name: 'Şükrü Yılmaz', email: 'sukru@example.nl' }],
  contracts: [
    {
      id: 'c1',
      parent: 'p1',
      child: { name: 'Nguyễn Thị Minh Khai', birthDate: '2025-05-10' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00' },
      start: '2027-01-01',
    },
  ],
  events: [],
});

describe('DUN-12: the wik-compliant preset through simulate', () => {
  it('sends the cost-free first reminder on 2 March and the second only on 23 March', async () => {
    const report = await simulate(parseScenario(JSON.stringify(scenario('wik-compliant'))));
    const reminders = report.emails
      .filter((e) => e.kind.startsWith('reminder-'))
      .map((e) => [e.kind, e.on, e.to]);
    expect(reminders).toEqual([
      ['reminder-1', '2027-03-02', 'sukru@example.nl'],
      ['reminder-2', '2027-03-23', 'sukru@example.nl'],
    ]);
    expect(report.emails.find((e) => e.kind === 'reminder-1')?.subject).toContain('2027-000001');
  }, 300_000);

  it('refuses a policy that is no preset, naming the field', () => {
    expect(() => parseScenario(JSON.stringify(scenario('lenient-2030')))).toThrow(/policy/);
  });
});
