import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { complaintDeadlines } from '#shared/complaints/deadlines.ts';
import { cancellationFee, changeFee } from '#shared/contract-lifecycle.ts';
import type { BookingRecord } from '#shared/flex.ts';
import { billable } from '#shared/invoices.ts';
import { annualStatementWithheldEmail } from '#shared/messages/annual-statement.ts';
import { bookingEmail } from '#shared/messages/booking.ts';
import { bookingCancellationEmail } from '#shared/messages/booking-cancellation.ts';
import { cancellationEmail } from '#shared/messages/cancellation.ts';
import type { Email } from '#shared/messages/common.ts';
import { complaintAnswerEmail } from '#shared/messages/complaint-answer.ts';
import { complaintNextStepsEmail } from '#shared/messages/complaint-next-steps.ts';
import { complaintOverdueEmail } from '#shared/messages/complaint-overdue.ts';
import { complaintReceivedEmail } from '#shared/messages/complaint-received.ts';
import { contractChangeEmail } from '#shared/messages/contract-change.ts';
import { contractConfirmationEmail } from '#shared/messages/contract-confirmation.ts';
import { contractEndEmail } from '#shared/messages/contract-end.ts';
import { firstReminderEmail } from '#shared/messages/dunning-reminders.ts';
import { terminationEmail } from '#shared/messages/dunning-termination.ts';
import { extraCareEmail } from '#shared/messages/extra-care.ts';
import { invoiceEmail } from '#shared/messages/invoice.ts';
import { offerEmail } from '#shared/messages/offer.ts';
import { offerLapsedEmail } from '#shared/messages/offer-lapsed.ts';
import { paymentPlanEmail } from '#shared/messages/payment-plan.ts';
import { priceChangeEmail } from '#shared/messages/price-change.ts';
import { priceChangeWithdrawnEmail } from '#shared/messages/price-change-withdrawn.ts';
import { swapDayEmail } from '#shared/messages/swap-day.ts';
import { terminationConfirmationEmail } from '#shared/messages/termination-confirmation.ts';
import { ACCRETE_2020, type Policy } from '#shared/policy.ts';
import type { ContractRecord, OfferRecord, ParentRecord } from '#shared/records.ts';
import { invoiceFor, SUKRU } from '../support/fixtures.ts';

/**
 * Issue 10 item 0: one message, one module, Dutch and English side by side, the policy's values passed
 * in. For every message module: both languages render whole (no `undefined`, `NaN` or `[object …]`
 * left in a sentence), and a policy with another value writes that value, in both languages, where the
 * preset's stood: the value comes from the policy, not from the template.
 */
const NBSP = '\u00a0';

const parent: ParentRecord = { type: 'parent', id: 'p1', language: 'nl', ...SUKRU };
const offer: OfferRecord = {
  type: 'offer',
  id: 'o1',
  parentId: 'p1',
  child: { name: 'Łucja Wiśniewska', birthDate: '2026-02-01' },
  location: 'Kindcentrum De Tol',
  product: 'KDV',
  weeks: 52,
  schedule: { mon: '08:00-18:00', thu: '08:00-13:00' },
  trialMonths: 2,
  start: '2027-03-01',
  status: 'offered',
  offeredOn: '2027-01-05',
  lapsesOn: '2027-01-16',
  expiresAt: '2027-01-15T23:00:00.000Z',
  contractId: 'c-o1',
};
const contract: ContractRecord = {
  ...offer,
  type: 'contract',
  id: 'c1',
  status: 'active',
  signedOn: '2027-01-08',
  end: '2030-01-31',
};
const booking = (status: BookingRecord['status']): BookingRecord => ({
  type: 'booking',
  contractId: 'c1',
  parentId: 'p1',
  date: '2027-04-02',
  hours: 8,
  status,
  bookedOn: '2027-03-01',
  seq: 1,
});
const priceLines = [
  {
    contract: 'c1',
    child: 'Łucja Wiśniewska',
    product: 'KDV' as const,
    oldRate: 862,
    newRate: 900,
    newMonthly: 58500,
  },
];
const transferInvoice = { ...invoiceFor('Łucja Wiśniewska'), collect: 'transfer' as const };

/** Another organisation: every setting a message states differs from the accrete-2020 preset. */
const ZWOLLE: Policy = {
  ...ACCRETE_2020,
  name: 'kindcentra-zwolle',
  changeFee: 7500,
  freeChangesPerYear: 3,
  noticeMonths: 2,
  offerAcceptanceDays: 14,
  cancellationFeeMonths: 2,
  lateCancellationDays: 3,
  creditor: { ...ACCRETE_2020.creditor, name: 'Stichting Kindcentra Zwolle', iban: 'NL02ABNA0123456789' },
  organisation: {
    name: 'Stichting Kindcentra Zwolle',
    address: ['Grote Markt 1', '8011 LW Zwolle'],
    kvk: '87654321',
  },
  teams: {
    placement: { nl: 'Team Plaatsing Zwolle', en: 'Zwolle placement team' },
    finance: { nl: 'Team Financiën Zwolle', en: 'Zwolle finance team' },
  },
  dunning: {
    ...ACCRETE_2020.dunning,
    firstReminderPayDays: 14,
    secondReminderPayDays: 5,
    costs: { kind: 'fee-per-reminder', fee: 2500 },
  },
  complaints: {
    team: { nl: 'Klachtencommissie Zwolle', en: 'Zwolle complaints committee' },
    klachtenloket: {
      ...ACCRETE_2020.complaints.klachtenloket,
      phone: '0900-1234',
      hours: { nl: 'werkdagen 10:00–13:30', en: 'working days 10:00–13:30' },
    },
    geschillencommissie: { ...ACCRETE_2020.complaints.geschillencommissie, phone: '070-999 00 00' },
  },
};

/** KLA-2..7: a complaint of 3 February 2027 about care at De Tol, as its messages state it. */
const complaintFacts = {
  id: 'k-7f3a2c',
  complainant: { name: 'Łucja Wiśniewska', email: 'lucja@example.nl' },
  submittedOn: '2027-02-03',
  location: 'Kindcentrum De Tol',
  category: 'care' as const,
  deadlines: complaintDeadlines('2027-02-03'),
};
const complaintShows = {
  nl: ['0900-1234 (werkdagen 10:00–13:30)', '070-999 00 00', 'Klachtencommissie Zwolle'],
  en: ['0900-1234 (working days 10:00–13:30)', '070-999 00 00', 'Zwolle complaints committee'],
};

/** DUN-2..7: what a reminder states (after payments, its own fee included, interest to the day). */
const reminderFacts = {
  invoice: '2027-000001',
  month: '2027-03',
  caseRef: '2027-03-01',
  sentOn: '2027-03-02',
  amounts: { principal: 74_707, fees: 3_500, interest: 8, total: 78_215 },
};
const plan = {
  type: 'payment-plan' as const,
  parentId: 'p1',
  agreedOn: '2027-03-05',
  instalments: [
    { due: '2027-03-15', amount: 40_000 },
    { due: '2027-04-15', amount: 38_215 },
  ],
  status: 'active' as const,
  arrears: 78_215,
  invoices: ['2027-000001'],
};

interface Case {
  /** The module's file in shared/messages. */
  module: string;
  render: (parent: ParentRecord, policy: Policy) => Email;
  /** What the other policy's values read like in the text, per language. */
  shows: { nl: string[]; en: string[] };
}

const CASES: Case[] = [
  {
    module: 'offer.ts',
    render: (p, policy) => offerEmail(p, offer, policy),
    shows: {
      nl: [
        'binnen 2 weken weten',
        'annuleringskosten verschuldigd van 2 maandbedragen',
        'Team Plaatsing Zwolle',
      ],
      en: ['within 2 weeks whether', 'start date costs 2 monthly amounts', 'Zwolle placement team'],
    },
  },
  {
    module: 'contract-confirmation.ts',
    render: (p, policy) => contractConfirmationEmail(p, contract, policy),
    shows: { nl: ['De opzegtermijn is 2 maanden.'], en: ['The notice period is 2 months.'] },
  },
  {
    module: 'offer-lapsed.ts',
    render: (p, policy) => offerLapsedEmail(p, offer, policy),
    shows: { nl: ['Team Plaatsing Zwolle'], en: ['Zwolle placement team'] },
  },
  {
    module: 'contract-change.ts',
    // CON-4: the fee as the handler computes it, for the first change the policy does not give free.
    render: (p, policy) =>
      contractChangeEmail(
        p,
        contract,
        { effective: '2027-05-01', ref: 'r1' },
        changeFee(policy.freeChangesPerYear, policy),
        policy,
      ),
    shows: {
      nl: [
        `de vierde of volgende wijziging dit kalenderjaar: hiervoor brengen wij €${NBSP}75,00 in rekening`,
      ],
      en: [`the fourth or later change this calendar year: €${NBSP}75,00 will be charged`],
    },
  },
  {
    module: 'termination-confirmation.ts',
    render: (p, policy) => terminationConfirmationEmail(p, contract, policy),
    shows: { nl: ['de opzegtermijn van 2 maanden'], en: ['the notice period of 2 months'] },
  },
  {
    module: 'cancellation.ts',
    // CON-5: the fee as the handler computes it: two monthly amounts of € 560,30 (INV-1: 15 h a week, 52 weeks, € 8,62) in Zwolle.
    render: (p, policy) =>
      cancellationEmail(
        p,
        contract,
        cancellationFee(contract.product, billable(contract).terms[0]!, contract.start, policy),
        policy,
      ),
    shows: {
      nl: [`De annuleringskosten bedragen 2 maandbedragen: €${NBSP}1.120,60`],
      en: [`The cancellation fee is 2 monthly amounts: €${NBSP}1.120,60`],
    },
  },
  {
    module: 'extra-care.ts',
    render: (p, policy) =>
      extraCareEmail(
        p,
        contract,
        { id: 'x1', date: '2027-04-07', hours: 3, amount: 2991, billMonth: '2027-05' },
        policy,
      ),
    shows: { nl: ['Team Plaatsing Zwolle'], en: ['Zwolle placement team'] },
  },
  {
    module: 'price-change.ts',
    render: (p, policy) => priceChangeEmail(p, '2027-07-01', priceLines, policy),
    shows: {
      nl: ['ten minste 2 maanden van tevoren', 'de opzegtermijn van 2 maanden opzeggen'],
      en: ['at least 2 months ahead', "with 2 months' notice"],
    },
  },
  {
    module: 'price-change-withdrawn.ts',
    render: (p, policy) => priceChangeWithdrawnEmail(p, '2027-07-01', priceLines, policy),
    shows: { nl: ['Team Plaatsing Zwolle'], en: ['Zwolle placement team'] },
  },
  {
    module: 'swap-day.ts',
    render: (p, policy) =>
      swapDayEmail(
        p,
        contract,
        { missed: '2027-04-05', swap: '2027-04-06', requestedOn: '2027-03-01' },
        policy,
      ),
    shows: { nl: ['Team Plaatsing Zwolle'], en: ['Zwolle placement team'] },
  },
  {
    module: 'booking.ts',
    render: (p, policy) => bookingEmail(p, contract, booking('booked'), policy),
    shows: { nl: ['Annuleert u minder dan 3 dagen van tevoren'], en: ['Cancelled less than 3 days ahead'] },
  },
  {
    module: 'booking-cancellation.ts',
    render: (p, policy) => bookingCancellationEmail(p, contract, booking('cancelled-late'), policy),
    shows: { nl: ['De annulering kwam minder dan 3 dagen van tevoren'], en: ['came less than 3 days ahead'] },
  },
  {
    module: 'contract-end.ts',
    render: (p, policy) => contractEndEmail(p, contract, policy),
    shows: { nl: ['Team Plaatsing Zwolle'], en: ['Zwolle placement team'] },
  },
  {
    module: 'invoice.ts',
    render: (p, policy) => invoiceEmail(p, transferInvoice, policy),
    shows: {
      nl: [
        'rekening NL02 ABNA 0123 4567 89 ten name van Stichting Kindcentra Zwolle',
        'Team Financiën Zwolle',
      ],
      en: [
        'account NL02 ABNA 0123 4567 89 in the name of Stichting Kindcentra Zwolle',
        'Zwolle finance team',
      ],
    },
  },
  {
    module: 'dunning-reminders.ts',
    render: (p, policy) => firstReminderEmail(p, reminderFacts, policy),
    shows: {
      nl: [
        'binnen 2 weken na ontvangst',
        '€\u00a025,00 per herinnering',
        'NL02ABNA0123456789',
        'Team Financiën Zwolle',
      ],
      en: [
        'within 2 weeks of receiving',
        '€\u00a025,00 per reminder',
        'NL02ABNA0123456789',
        'Zwolle finance team',
      ],
    },
  },
  {
    module: 'dunning-termination.ts',
    render: (p, policy) =>
      terminationEmail(
        p,
        {
          invoice: '2027-000003',
          caseRef: '2027-04-01',
          sentOn: '2027-04-02',
          contracts: [{ id: 'c1', child: 'Nguyễn Thị Minh Khai' }],
          invoices: ['2027-000001', '2027-000003'],
          amounts: { principal: 149_414, fees: 7_000, interest: 61, total: 156_475 },
        },
        policy,
      ),
    shows: {
      nl: ['NL02ABNA0123456789 ten name van Stichting Kindcentra Zwolle', 'Team Financiën Zwolle'],
      en: ['NL02ABNA0123456789 in the name of Stichting Kindcentra Zwolle', 'Zwolle finance team'],
    },
  },
  {
    // INV-8: the withheld notice carries the policy's creditor and team (the statement's e-mail only names).
    module: 'annual-statement.ts',
    render: (p, policy) =>
      annualStatementWithheldEmail(
        p,
        { year: 2027, ref: '2027-p1', children: ['Nguyễn Thị Minh Khai'], owed: 78_215 },
        policy,
      ),
    shows: {
      nl: ['NL02ABNA0123456789 ten name van Stichting Kindcentra Zwolle', 'Team Financiën Zwolle'],
      en: ['NL02ABNA0123456789 in the name of Stichting Kindcentra Zwolle', 'Zwolle finance team'],
    },
  },
  {
    module: 'complaint-received.ts',
    render: (p, policy) =>
      complaintReceivedEmail(
        {
          ...complaintFacts,
          complainant: { name: p.name, email: p.email, language: p.language },
          text: '<b>Niet</b> netjes',
        },
        policy,
      ),
    shows: {
      nl: ['Klachtencommissie Zwolle'],
      en: ['Zwolle complaints committee'],
    },
  },
  {
    module: 'complaint-answer.ts',
    render: (p, policy) =>
      complaintAnswerEmail(
        {
          ...complaintFacts,
          complainant: { name: p.name, email: p.email, language: p.language },
          answer: 'U krijgt gelijk.',
          reasons: 'De overdracht ging mis.',
          measures: 'Een nieuwe overdrachtslijst.',
          measuresBy: '2027-03-15',
        },
        policy,
      ),
    shows: complaintShows,
  },
  {
    module: 'complaint-next-steps.ts',
    render: (p, policy) =>
      complaintNextStepsEmail(
        { ...complaintFacts, complainant: { name: p.name, email: p.email, language: p.language } },
        policy,
      ),
    shows: complaintShows,
  },
  {
    module: 'complaint-overdue.ts',
    render: (p, policy) =>
      complaintOverdueEmail(
        { ...complaintFacts, complainant: { name: p.name, email: p.email, language: p.language } },
        policy,
      ),
    shows: complaintShows,
  },
  {
    module: 'payment-plan.ts',
    render: (p, policy) => paymentPlanEmail(p, plan, policy),
    shows: {
      nl: ['NL02ABNA0123456789 ten name van Stichting Kindcentra Zwolle', 'Team Financiën Zwolle'],
      en: ['NL02ABNA0123456789 in the name of Stichting Kindcentra Zwolle', 'Zwolle finance team'],
    },
  },
];

/** Modules in shared/messages that are no message of their own. */
const NOT_MESSAGES = ['common.ts', 'care-terms.ts', 'complaint-common.ts'];
/** Messages being written for issue 10 items 1–2 (dunning); they get their cases here when they land. */
const IN_PROGRESS: string[] = ['dunning-letters.ts'];

describe('issue 10 item 0: every message in its own module, the policy passed in', () => {
  it('has a case here for every message module in shared/messages', () => {
    const modules = readdirSync(path.join(import.meta.dirname, '../../shared/messages')).filter(
      (f) => f.endsWith('.ts') && !NOT_MESSAGES.includes(f) && !IN_PROGRESS.includes(f),
    );
    expect(CASES.map((c) => c.module).sort()).toEqual(modules.sort());
  });

  describe.each(CASES)('$module', ({ render, shows }) => {
    it('renders in Dutch and in English, greeting and signing in the parent’s language, with no value left out', () => {
      const nl = render(parent, ACCRETE_2020);
      const en = render({ ...parent, language: 'en' }, ACCRETE_2020);
      expect(nl.text).toMatch(/^Beste Şükrü Yılmaz,\n\n/);
      expect(en.text).toMatch(/^Dear Şükrü Yılmaz,\n\n/);
      expect(nl.text).toMatch(/\n\nMet vriendelijke groet,\n/);
      expect(en.text).toMatch(/\n\nKind regards,\n/);
      expect(nl.subject).not.toBe(en.subject);
      expect(nl.kind).toBe(en.kind);
      expect(nl.ref).toBe(en.ref);
      for (const email of [nl, en]) {
        expect(email.to).toBe(SUKRU.email);
        expect(email.subject.length).toBeGreaterThan(0);
        expect(email.subject).not.toMatch(/undefined|NaN|\[object|\n/);
        expect(email.text).not.toMatch(/undefined|NaN|\[object/);
      }
    });

    it('writes the values of the policy it is given, not the preset’s', () => {
      for (const language of ['nl', 'en'] as const) {
        const ours = render({ ...parent, language }, ACCRETE_2020);
        const theirs = render({ ...parent, language }, ZWOLLE);
        for (const phrase of shows[language]) {
          expect(theirs.text).toContain(phrase);
          expect(ours.text).not.toContain(phrase);
        }
        expect(theirs.text).not.toMatch(/undefined|NaN|\[object/);
      }
    });
  });

  it('CON-2, CON-5, CON-6: the accrete-2020 preset reads as the delivery terms do', () => {
    expect(offerEmail(parent, offer, ACCRETE_2020).text).toContain(
      'Laat u ons binnen 10 dagen weten of u het aanvaardt; daarna vervalt het aanbod.\nBij annulering tussen ondertekening en ingangsdatum zijn annuleringskosten verschuldigd van één maandbedrag.',
    );
    expect(
      terminationConfirmationEmail({ ...parent, language: 'en' }, contract, ACCRETE_2020).text,
    ).toContain('With the notice period of one month, the last day of care is 31 January 2030.');
    expect(bookingEmail(parent, contract, booking('booked'), ACCRETE_2020).text).toContain(
      'Annuleert u minder dan een week van tevoren',
    );
  });
});
