import { describe, expect, it } from 'vitest';
import { contractConfirmationEmail } from '#shared/messages/contract-confirmation.ts';
import { offerEmail } from '#shared/messages/offer.ts';
import { offerLapsedEmail } from '#shared/messages/offer-lapsed.ts';
import { ACCRETE_2020 } from '#shared/policy.ts';
import type { ContractRecord, OfferRecord, ParentRecord } from '#shared/records.ts';

const parent: ParentRecord = {
  type: 'parent',
  id: 'p1',
  name: 'Sanne de Vries',
  email: 'sanne@example.nl',
  language: 'nl',
};
const offer: OfferRecord = {
  type: 'offer',
  id: 'o1',
  parentId: 'p1',
  child: { name: 'Daan', birthDate: '2026-02-01' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { tue: '08:00-18:00' },
  start: '2027-03-01',
  status: 'offered',
  offeredOn: '2027-01-05',
  lapsesOn: '2027-01-16',
  expiresAt: '2027-01-15T23:00:00.000Z',
  contractId: 'c-o1',
};

describe('e-mails to parents (Dutch by default)', () => {
  it('CON-2: the offer states the last day it can be accepted', () => {
    const email = offerEmail(parent, offer, ACCRETE_2020);
    expect(email.subject).toBe('Aanbod kinderopvang voor Daan');
    expect(email.text).toContain('geldig tot en met 15 januari 2027');
    expect(email.text).toContain('dinsdag: 08:00 - 18:00');
    expect(email.text).toContain('Ingangsdatum: 1 maart 2027');
  });

  it('art. 7.3: the confirmation states the automatic end (CON-3)', () => {
    const contract: ContractRecord = {
      ...offer,
      type: 'contract',
      id: 'c2',
      status: 'active',
      signedOn: '2027-01-08',
      end: '2030-01-31',
    };
    const email = contractConfirmationEmail(parent, contract, ACCRETE_2020);
    expect(email.kind).toBe('contract-confirmation');
    expect(email.ref).toBe('c2');
    expect(email.text).toContain('Einddatum: 31 januari 2030');
  });

  it('CON-8: records a trial period of at most 2 months, and the confirmation states its last day', async () => {
    const { offerInput } = await import('#shared/records.ts');
    const { child, location, product, weeks, schedule, start } = offer;
    const terms = {
      id: 'o9',
      parent: 'p1',
      child,
      location,
      product,
      weeks,
      schedule,
      start,
      trialMonths: 3,
    };
    const refused = offerInput.safeParse(terms);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual([
      'trialMonths',
      'must be at most 2 (CON-8)',
    ]);
    const contract: ContractRecord = {
      ...offer,
      trialMonths: 2,
      type: 'contract',
      id: 'c3',
      status: 'active',
      signedOn: '2027-01-08',
      end: '2030-01-31',
    };
    // Start 1 March 2027: two months, the last day 30 April.
    expect(contractConfirmationEmail(parent, contract, ACCRETE_2020).text).toContain(
      'Proefperiode: 2 maanden, tot en met 30 april 2027',
    );
  });

  it('writes in English for a parent who chose English', () => {
    const email = offerLapsedEmail({ ...parent, language: 'en' }, offer, ACCRETE_2020);
    expect(email.subject).toBe('Offer for Daan lapsed');
    expect(email.text).toContain('valid until 15 January 2027');
  });
});
