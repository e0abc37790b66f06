import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../infra/local/scenario.ts';
import { simulate } from '../support/simulate-on-worker-dynamodb.ts';

/**
 * Two simulations in one process (a test file, the bench of issue 12 item 2): the local SES keeps what it
 * was sent for the life of the process, and each report lists the e-mails of its own run only.
 */
const day = (offers: unknown[]) =>
  parseScenario(
    JSON.stringify({
      start: '2027-01-05',
      end: '2027-01-05',
      parents: [{ id: 'p1', name: 'Nguyễn Thị Minh Khai', email: 'minh.khai@example.nl' }],
      offers,
      events: [],
    }),
  );

describe('a simulation run after another in the same process', () => {
  it('CON-2: reports its own e-mails, not the offer e-mail of the run before', async () => {
    const offer = {
      id: 'o1',
      on: '2027-01-05',
      parent: 'p1',
      child: { name: 'An', birthDate: '2026-02-01' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { tue: '08:00-18:00' },
      start: '2027-03-01',
    };
    const first = await simulate(day([offer]));
    expect(first.emails.map((e) => `${e.on} ${e.kind} ${e.to}`)).toEqual([
      '2027-01-05 offer minh.khai@example.nl',
    ]);
    const second = await simulate(day([]));
    expect(second.failures).toEqual([]);
    expect(second.emails).toEqual([]);
  }, 180_000);
});
