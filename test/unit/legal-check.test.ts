import { describe, expect, it } from 'vitest';
import {
  bikScale,
  collectionCosts,
  costsMayBeChargedOn,
  lastDayUnderAtw,
} from '#shared/dunning/collection-costs.ts';
import { dunningSchedule, payBy } from '#shared/dunning/ladder.ts';
import { legalConflicts } from '#shared/dunning/legal-check.ts';
import { firstReminderLetter } from '#shared/messages/dunning-letters.ts';
import { firstReminderEmail, secondReminderEmail } from '#shared/messages/dunning-reminders.ts';
import { ACCRETE_2020, type Policy, WIK_COMPLIANT } from '#shared/policy.ts';
import type { ParentRecord } from '#shared/records.ts';

/**
 * DUN-12, issue 10 item 7: the statutory scale of collection costs (BIK art. 2), what each dunning step
 * charges under a policy, and the conflicts of the presets with Dutch consumer law (art. 6:96 lid 6 BW,
 * HR 25-11-2016 ECLI:NL:HR:2016:2704).
 */
const plain = (text: string) => text.replaceAll('\u00a0', ' ');

const wik = (dunning: Partial<Policy['dunning']>): Policy => ({
  ...WIK_COMPLIANT,
  dunning: { ...WIK_COMPLIANT.dunning, ...dunning },
});

describe('DUN-12: the statutory scale (BIK art. 2), in cents, rounded half-up once', () => {
  it.each([
    // 15% of € 747,07 is € 112,0605: € 112,06.
    [74_707, 11_206],
    // 15% of € 300,10 is € 45,015: half a cent, rounded up.
    [30_010, 4_502],
    // The minimum of € 40: 15% of € 100 is € 15.
    [10_000, 4_000],
    [26_666, 4_000],
    [26_670, 4_001],
    // The first bracket's edge: 15% of € 2.500; a cent more adds 10% of a cent, rounded away.
    [250_000, 37_500],
    [250_001, 37_500],
    [250_005, 37_501],
    // The second bracket's edge: € 375 + 10% of € 2.500.
    [500_000, 62_500],
    [500_010, 62_501],
    // The third: + 5% of € 5.000 = € 875 for € 10.000.
    [1_000_000, 87_500],
    [1_000_050, 87_501],
    // The fourth: + 1% of € 190.000 = € 2.775 for € 200.000.
    [20_000_000, 277_500],
    [20_000_100, 277_501],
    // Above: 0,5%, until the cap of € 6.775 at € 1.000.000.
    [99_999_000, 677_495],
    [100_000_000, 677_500],
    [500_000_000, 677_500],
  ])('a principal of %i cents gives %i cents', (principal, costs) => {
    expect(bikScale(principal)).toBe(costs);
  });

  it('refuses a principal that is not whole cents or below zero', () => {
    expect(() => bikScale(-1)).toThrow();
    expect(() => bikScale(10.5)).toThrow();
  });
});

describe('DUN-6, DUN-12: what each step charges', () => {
  it('accrete-2020 (DUN-6): € 35 with each reminder, whatever is open, nothing with the hand-over', () => {
    const terms = ACCRETE_2020.dunning;
    expect(collectionCosts(terms, 'reminder-1', 74_707)).toBe(3_500);
    expect(collectionCosts(terms, 'reminder-2', 74_707)).toBe(3_500);
    expect(collectionCosts(terms, 'reminder-2', 0)).toBe(3_500);
    expect(collectionCosts(terms, 'hand-over', 74_707)).toBe(0);
  });

  it('wik-compliant: the cost-free letter costs nothing; the scale with the second reminder, once', () => {
    const terms = WIK_COMPLIANT.dunning;
    expect(collectionCosts(terms, 'reminder-1', 74_707)).toBe(0);
    expect(collectionCosts(terms, 'reminder-2', 74_707)).toBe(11_206);
    expect(collectionCosts(terms, 'hand-over', 74_707)).toBe(0);
    // Nothing left of the principal: nothing to collect.
    expect(collectionCosts(terms, 'reminder-2', 0)).toBe(0);
  });

  it('accrete-2020 asks for payment 10 days after the e-mail, as before (DUN-2)', () => {
    expect(payBy('reminder-1', '2027-03-02', ACCRETE_2020.dunning)).toBe('2027-03-12');
    expect(dunningSchedule('2027-03-01', ACCRETE_2020.dunning)).toEqual({
      'reminder-1': '2027-03-02',
      'reminder-2': '2027-03-16',
      'hand-over': '2027-03-24',
    });
  });

  it('wik-compliant: the letter posted on Tuesday 2 March 2027 is received on the 4th; 14 days after: 18 March; costs with the second reminder on 23 March', () => {
    const terms = WIK_COMPLIANT.dunning;
    expect(payBy('reminder-1', '2027-03-02', terms)).toBe('2027-03-18');
    const schedule = dunningSchedule('2027-03-01', terms);
    expect(schedule).toEqual({
      'reminder-1': '2027-03-02',
      'reminder-2': '2027-03-23',
      'hand-over': '2027-03-31',
    });
    expect(costsMayBeChargedOn(terms, '2027-03-02', '2027-03-18')).toBe(false);
    expect(costsMayBeChargedOn(terms, '2027-03-02', '2027-03-19')).toBe(true);
  });

  it('Algemene termijnenwet: a term ending on the Saturday before Christmas 2028 runs until Wednesday 27 December; 5 May counts every year (Tuesday 5 May 2026)', () => {
    expect(lastDayUnderAtw('2028-12-23')).toBe('2028-12-27');
    expect(lastDayUnderAtw('2026-05-05')).toBe('2026-05-06');
    expect(lastDayUnderAtw('2027-03-18')).toBe('2027-03-18');
  });
});

describe('DUN-12: the cost-free letter of wik-compliant, as Nguyễn Thị Minh Khai reads it', () => {
  const parent: ParentRecord = {
    type: 'parent',
    id: 'p1',
    name: 'Nguyễn Thị Minh Khai',
    email: 'minh.khai@example.nl',
    language: 'nl',
  };
  const facts = {
    invoice: '2027-000001',
    month: '2027-03',
    caseRef: '2027-03-01',
    sentOn: '2027-03-02',
    amounts: { principal: 74_707, fees: 0, interest: 8, total: 74_715 },
  };

  it('by e-mail and by post: no costs, fourteen days after the day of receipt, the date, and the exact costs that follow', () => {
    const email = plain(firstReminderEmail(parent, facts, WIK_COMPLIANT).text);
    const letter = plain(firstReminderLetter(parent.name, facts, WIK_COMPLIANT).lines.join('\n'));
    for (const text of [email, letter]) {
      expect(text).toContain(
        'binnen veertien dagen na de dag van ontvangst van deze brief betalen, uiterlijk op 18 maart 2027?',
      );
      expect(text).toContain('geen kosten verbonden');
      expect(text).toContain('buitengerechtelijke incassokosten verschuldigd van € 112,06');
      expect(text).not.toContain('dagtekening');
    }
    expect(email).toContain('Incassokosten:            € 0,00');
    expect(email).toContain('Deze brief ontvangt u ook per post.');
  });

  it('in English for a parent who reads English', () => {
    const email = plain(firstReminderEmail({ ...parent, language: 'en' }, facts, WIK_COMPLIANT).text);
    expect(email).toContain('within fourteen days after the day you receive this letter, by 18 March 2027');
    expect(email).toContain('collection costs of € 112,06');
  });

  it('the second reminder says the costs are now due; accrete-2020’s says nothing of it', () => {
    const second = { ...facts, sentOn: '2027-03-23', amounts: { ...facts.amounts, fees: 11_206 } };
    expect(plain(secondReminderEmail(parent, second, WIK_COMPLIANT).text)).toContain(
      'zijn de daarin genoemde buitengerechtelijke incassokosten nu verschuldigd',
    );
    expect(secondReminderEmail(parent, second, ACCRETE_2020).text).not.toContain('incassokosten');
  });
});

describe('DUN-12, issue 10 item 7: conflicts with Dutch consumer law', () => {
  it('accrete-2020: the fee on every reminder, fees above the scale for small invoices, 10 days', () => {
    const conflicts = legalConflicts(ACCRETE_2020).map((c) => ({ ...c, problem: plain(c.problem) }));
    expect(conflicts.map((c) => c.rule)).toEqual([
      'art. 6:96 lid 6 BW: collection costs only after a cost-free letter',
      'BIK art. 2, art. 6:96 lid 5 BW: at most the statutory scale',
      'art. 6:96 lid 6 BW, HR 25-11-2016 ECLI:NL:HR:2016:2704: 14 days after receipt',
    ]);
    expect(conflicts[0]?.problem).toContain('a fee of € 35,00 on every reminder');
    // € 70 is more than 15% of anything below € 466,64 (15% of € 466,64 is € 69,996: € 70,00).
    expect(conflicts[1]?.problem).toContain('€ 70,00 per unpaid invoice');
    expect(conflicts[1]?.problem).toContain('below € 466,64');
    expect(conflicts[2]?.problem).toContain('gives 10 days after receipt');
  });

  it('wik-compliant: none', () => {
    expect(legalConflicts(WIK_COMPLIANT)).toEqual([]);
  });

  it('"14 dagen na dagtekening" is named; 16 days from the date of a posted letter, or 15 of an e-mail, pass', () => {
    const [conflict, ...rest] = legalConflicts(wik({ firstReminderPayCounted: 'after-date' }));
    expect(rest).toEqual([]);
    expect(conflict?.rule).toContain('ECLI:NL:HR:2016:2704');
    expect(conflict?.problem).toContain('14 days "na dagtekening"');
    expect(conflict?.problem).toContain('binnen veertien dagen na de dag van ontvangst van deze brief');
    expect(
      legalConflicts(wik({ firstReminderPayCounted: 'after-date', firstReminderPayDays: 15 })),
    ).toHaveLength(1);
    expect(legalConflicts(wik({ firstReminderPayCounted: 'after-date', firstReminderPayDays: 16 }))).toEqual(
      [],
    );
    expect(
      legalConflicts(
        wik({ firstReminderPayCounted: 'after-date', firstReminderPayDays: 15, firstReminderBy: 'email' }),
      ),
    ).toEqual([]);
  });

  it('a cost-free letter with 13 days after receipt is named', () => {
    const conflicts = legalConflicts(wik({ firstReminderPayDays: 13, secondReminderAfterDays: 28 }));
    expect(conflicts.map((c) => plain(c.problem))).toEqual([
      expect.stringContaining('gives 13 days after receipt'),
    ]);
  });

  it('costs before the 14 days have passed are named, with the days: 20 days fail at Christmas 2028, 21 pass', () => {
    const [conflict, ...rest] = legalConflicts(wik({ secondReminderAfterDays: 20 }));
    expect(rest).toEqual([]);
    expect(conflict?.rule).toBe('art. 6:96 lid 6 BW: costs only once the 14 days have passed');
    expect(conflict?.problem).toBe(
      'The second reminder charges costs on 27 December 2028, but the first reminder, sent on 7 December 2028, gives until 23 December 2028, and as that is a weekend or holiday, until 27 December 2028 (Algemene termijnenwet art. 1): costs may only be charged once that term has passed unpaid.',
    );
    expect(legalConflicts(wik({ secondReminderAfterDays: 21 }))).toEqual([]);
  });

  it('a fee within the scale’s minimum still needs the cost-free letter first; no fee at all is no conflict', () => {
    const small = {
      ...ACCRETE_2020,
      dunning: { ...ACCRETE_2020.dunning, costs: { kind: 'fee-per-reminder' as const, fee: 2_000 } },
    };
    expect(legalConflicts(small).map((c) => c.rule)).toEqual([
      'art. 6:96 lid 6 BW: collection costs only after a cost-free letter',
      'art. 6:96 lid 6 BW, HR 25-11-2016 ECLI:NL:HR:2016:2704: 14 days after receipt',
    ]);
    const none = {
      ...ACCRETE_2020,
      dunning: { ...ACCRETE_2020.dunning, costs: { kind: 'fee-per-reminder' as const, fee: 0 } },
    };
    expect(legalConflicts(none)).toEqual([]);
  });
});
