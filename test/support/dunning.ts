import { expect } from 'vitest';
import { KDV_MONDAYS } from './fixtures.ts';
import type { TestRuntime } from './local-runtime.ts';

/** Two families who pay by transfer (an IBAN, no mandate): what the dunning tests chase. */
export const SUKRU_TRANSFERS = {
  name: 'Şükrü Yılmaz',
  email: 'sukru@example.nl',
  iban: 'NL02ABNA0123456789',
};
export const LUCJA_TRANSFERS = {
  name: 'Łucja Wiśniewska',
  email: 'lucja@example.nl',
  iban: 'NL20INGB0001234567',
};

/** Monday day care from 1 January 2027 for each parent: contract `c2` for `p2`, `c3` for `p3`. */
export async function mondayContracts(rt: TestRuntime, parents: ('p2' | 'p3')[]): Promise<void> {
  for (const parent of parents) {
    const id = parent === 'p2' ? 'c2' : 'c3';
    expect(
      (await rt.call('POST', '/contracts', { ...KDV_MONDAYS, id, parent, start: '2027-01-01' })).status,
    ).toBe(201);
  }
}

/** Şükrü (`p2`) and Łucja (`p3`), each with Monday day care: March 2027 is invoiced on 22 February. */
export async function twoFamiliesPayingByTransfer(rt: TestRuntime): Promise<void> {
  expect((await rt.call('PUT', '/parents/p2', SUKRU_TRANSFERS)).status).toBe(200);
  expect((await rt.call('PUT', '/parents/p3', LUCJA_TRANSFERS)).status).toBe(200);
  await mondayContracts(rt, ['p2', 'p3']);
}
