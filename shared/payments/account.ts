import type { Cents } from '../money.ts';

/**
 * A parent's account (issue 9 item 1): what was invoiced and charged, what came in and went back, and
 * what each invoice still needs. Entries are appended and never changed; everything here is derived
 * from them, in date order, so every cent can be traced to the entry it came from.
 */

/**
 * - `payment`: money in: a transfer seen on a statement or by a staff member;
 * - `collection`: our direct debit of an invoice, booked by the bank or reached on its debit date (INV-6);
 * - `return`: a collection that came back (INV-7, camt `RtrInf`): its money is taken back off the account;
 * - `reject`: a collection refused before it was booked (pain.002 `RJCT`): it never took money;
 * - `fee`, `interest`: costs and statutory interest charged on an invoice (DUN-5, DUN-6);
 * - `found-unpaid`: the end of the due date came and the invoice was not paid in full (DUN-1). No money.
 */
export const ENTRY_KINDS = [
  'payment',
  'collection',
  'return',
  'reject',
  'fee',
  'interest',
  'found-unpaid',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Who or what put an entry on the account. */
export interface EntrySource {
  kind: 'bank' | 'staff' | 'scenario' | 'sepa' | 'system';
  /** The bank entry's id, the staff member's reference, the SEPA file. */
  ref: string;
}

export interface AccountEntry {
  type: 'account-entry';
  parentId: string;
  /** Deterministic from what it records (`payment#<reference>`, `collection#<invoice>`): a repeat is no second entry. */
  id: string;
  kind: EntryKind;
  /** The day it takes effect: the booking date, the payment's date, the due date. */
  on: string;
  /** Integer cents, positive; the kind says which way it goes. 0 for `reject` and `found-unpaid`. */
  amount: Cents;
  /** The invoice number it concerns, or that its payer named. */
  invoice?: string;
  /** INV-7: a return's or reject's reason code. */
  reason?: string;
  source: EntrySource;
  recordedAt: string;
}

/** What the account needs of an invoice. */
export interface AccountInvoice {
  number: string;
  month: string;
  issuedOn: string;
  debitOn: string;
  /** What the parent pays: the lines, a credit line included. */
  total: Cents;
  /** The credit the invoice used (the amount of its `credit` lines, positive). */
  creditUsed: Cents;
  void?: boolean;
}

export type InvoiceStanding = 'open' | 'paid' | 'credit' | 'void';

export interface InvoiceBalance {
  number: string;
  month: string;
  debitOn: string;
  total: Cents;
  /** Paid towards the total (principal), by any entry. */
  paid: Cents;
  fees: Cents;
  feesPaid: Cents;
  interest: Cents;
  interestPaid: Cents;
  /** Principal still to pay: the total, plus any credit it counted on that went back, less what was paid. */
  principalOpen: Cents;
  /** Everything still to pay on it: principal, fees and interest. */
  balance: Cents;
  /** `credit` is a credit invoice (a negative total, a final settlement): it adds to the credit. */
  status: InvoiceStanding;
  /** DUN-1: the day it was found unpaid (the end of its due date, or a return's day), while it is unpaid. */
  foundUnpaidOn?: string;
  /** INV-7: the reason code of the return or reject that re-opened it. */
  returned?: { on: string; reason: string };
  /** DUN-5: the principal open from each day on (end of day), for statutory interest. */
  principalHistory?: { from: string; principal: Cents }[];
}

export interface AccountLine {
  on: string;
  kind: EntryKind | 'invoice' | 'credit-invoice';
  id: string;
  invoice?: string;
  /** Signed: what it adds to the parent's debt (an invoice, a fee, a return) is positive, money in negative. */
  amount: Cents;
  reason?: string;
  source?: EntrySource;
  /** The balance after it: positive the parent owes, negative the organisation owes (a credit). */
  balanceAfter: Cents;
}

export interface Account {
  invoices: InvoiceBalance[];
  /** Money received beyond all that is owed (DUN-7): the next invoice uses it. */
  credit: Cents;
  /** Everything owed: the sum of the invoices' balances. */
  owed: Cents;
  /** owed − credit. */
  balance: Cents;
  lines: AccountLine[];
}

interface Allocation {
  /** The entry whose money it is. */
  from: string;
  invoice: string;
  part: 'fees' | 'interest' | 'principal' | 'credit-line';
  amount: Cents;
}

interface InvoiceState extends InvoiceBalance {
  issuedOn: string;
  /** Added when the credit an invoice counted on went back (its source was returned). */
  shortfall: Cents;
}

/** Within a day: the invoice first, so that money that day pays it; reversals after the money they reverse. */
const DAY_ORDER: Record<AccountLine['kind'], number> = {
  invoice: 0,
  'credit-invoice': 0,
  fee: 1,
  interest: 1,
  collection: 2,
  payment: 3,
  return: 4,
  reject: 4,
  'found-unpaid': 5,
};

/** Oldest first: by due date, then number (DUN-7: "the oldest open invoice"). */
function oldestFirst(a: InvoiceState, b: InvoiceState): number {
  return a.debitOn.localeCompare(b.debitOn) || a.number.localeCompare(b.number);
}

/**
 * The account of a parent from its invoices and entries (DUN-7, INV-7, DUN-1).
 * - Money named for an invoice (a collection, a transfer quoting its number) pays that invoice's costs,
 *   then its interest, then its principal; the rest, and money named for nothing, pays all costs, then
 *   all interest, then the principal of the oldest open invoice (art. 6:44 BW); what is left is a credit.
 * - An invoice uses the credit its `credit` lines state, from the oldest money first.
 * - A return takes back exactly what its collection paid, wherever that went (also a credit a later
 *   invoice used: that invoice then owes it), re-opens the invoice and finds it unpaid that day (DUN-1);
 *   a reject means the collection never happened, whenever it is booked.
 */
export function deriveAccount(invoices: AccountInvoice[], entries: AccountEntry[]): Account {
  const states = new Map<string, InvoiceState>();
  const allocations: Allocation[] = [];
  /** Unspent money, oldest first: [entry id, amount]. */
  const credit: { from: string; amount: Cents }[] = [];
  const rejected = new Set(entries.filter((e) => e.kind === 'reject' && e.invoice).map((e) => e.invoice));
  const reversed = new Set<string>();
  const events: {
    on: string;
    kind: AccountLine['kind'];
    id: string;
    /** When it was recorded: within a day, a fee charged at 09:00 comes after a payment booked at 08:00. */
    at?: string;
    apply: () => AccountLine;
  }[] = [];

  const lineOf = (
    on: string,
    kind: AccountLine['kind'],
    id: string,
    amount: Cents,
    extra: Partial<AccountLine> = {},
  ): AccountLine => ({ on, kind, id, amount, ...extra, balanceAfter: 0 });

  for (const invoice of invoices) {
    if (invoice.void) continue;
    const state: InvoiceState = {
      number: invoice.number,
      month: invoice.month,
      debitOn: invoice.debitOn,
      issuedOn: invoice.issuedOn,
      total: invoice.total,
      paid: 0,
      fees: 0,
      feesPaid: 0,
      interest: 0,
      interestPaid: 0,
      principalOpen: 0,
      balance: 0,
      status: 'open',
      shortfall: 0,
    };
    if (invoice.total < 0) {
      // A credit invoice (a final settlement): what it credits is money the parent has with us.
      events.push({
        on: invoice.issuedOn,
        kind: 'credit-invoice',
        id: invoice.number,
        apply: () => {
          states.set(invoice.number, { ...state, status: 'credit' });
          credit.push({ from: `invoice#${invoice.number}`, amount: -invoice.total });
          return lineOf(invoice.issuedOn, 'credit-invoice', invoice.number, invoice.total, {
            invoice: invoice.number,
          });
        },
      });
      continue;
    }
    events.push({
      on: invoice.issuedOn,
      kind: 'invoice',
      id: invoice.number,
      apply: () => {
        states.set(invoice.number, state);
        // The credit its credit lines state, from the oldest money first; what is not there any more is owed.
        let wanted = invoice.creditUsed;
        while (wanted > 0 && credit.length) {
          const pot = credit[0] as { from: string; amount: Cents };
          const take = Math.min(pot.amount, wanted);
          allocations.push({ from: pot.from, invoice: invoice.number, part: 'credit-line', amount: take });
          pot.amount -= take;
          wanted -= take;
          if (pot.amount === 0) credit.shift();
        }
        state.shortfall += wanted;
        return lineOf(invoice.issuedOn, 'invoice', invoice.number, invoice.total + invoice.creditUsed, {
          invoice: invoice.number,
        });
      },
    });
  }

  const open = (s: InvoiceState) => ({
    fees: s.fees - s.feesPaid,
    interest: s.interest - s.interestPaid,
    principal: s.total + s.shortfall - s.paid,
  });

  const payInto = (from: string, s: InvoiceState, part: 'fees' | 'interest' | 'principal', money: Cents) => {
    const take = Math.min(money, open(s)[part]);
    if (take <= 0) return 0;
    if (part === 'fees') s.feesPaid += take;
    else if (part === 'interest') s.interestPaid += take;
    else s.paid += take;
    allocations.push({ from, invoice: s.number, part, amount: take });
    return take;
  };

  /** DUN-7: named invoice first (costs, interest, principal), then all costs, all interest, principal oldest first. */
  const allocate = (from: string, amount: Cents, named?: string) => {
    let money = amount;
    const target = named ? states.get(named) : undefined;
    if (target)
      for (const part of ['fees', 'interest', 'principal'] as const)
        money -= payInto(from, target, part, money);
    const ordered = [...states.values()].filter((s) => s.status !== 'credit').sort(oldestFirst);
    for (const part of ['fees', 'interest', 'principal'] as const)
      for (const s of ordered) {
        if (money === 0) break;
        money -= payInto(from, s, part, money);
      }
    if (money > 0) credit.push({ from, amount: money });
  };

  /** Takes back everything an entry's money paid, and its unspent rest. */
  const takeBack = (from: string): Set<string> => {
    const touched = new Set<string>();
    for (const a of allocations) {
      if (a.from !== from || a.amount === 0) continue;
      const s = states.get(a.invoice) as InvoiceState;
      if (a.part === 'fees') s.feesPaid -= a.amount;
      else if (a.part === 'interest') s.interestPaid -= a.amount;
      else if (a.part === 'principal') s.paid -= a.amount;
      else s.shortfall += a.amount;
      a.amount = 0;
      touched.add(a.invoice);
    }
    for (let i = credit.length - 1; i >= 0; i--) if (credit[i]?.from === from) credit.splice(i, 1);
    return touched;
  };

  /**
   * Money that waits as a credit pays what became owed since (a fee, interest, an invoice re-opened by a
   * return, one found unpaid): a parent is never chased for a debt while the money for it is here.
   */
  const spendCredit = () => {
    for (const pot of credit.splice(0)) allocate(pot.from, pot.amount);
  };

  for (const entry of entries) {
    const named = entry.invoice;
    const extra = { ...(named ? { invoice: named } : {}), ...(entry.reason ? { reason: entry.reason } : {}) };
    const withSource = { ...extra, source: entry.source };
    events.push({
      on: entry.on,
      kind: entry.kind,
      id: entry.id,
      at: entry.recordedAt,
      apply: () => {
        const s = named ? states.get(named) : undefined;
        switch (entry.kind) {
          case 'fee':
          case 'interest': {
            if (!s) return lineOf(entry.on, entry.kind, entry.id, 0, withSource);
            if (entry.kind === 'fee') s.fees += entry.amount;
            else s.interest += entry.amount;
            spendCredit();
            return lineOf(entry.on, entry.kind, entry.id, entry.amount, withSource);
          }
          case 'collection': {
            // Rejected (whenever the reject was read) or already returned: it took no money.
            if ((named && rejected.has(named)) || (named && reversed.has(named)))
              return lineOf(entry.on, 'collection', entry.id, 0, withSource);
            allocate(entry.id, entry.amount, named);
            return lineOf(entry.on, 'collection', entry.id, -entry.amount, withSource);
          }
          case 'payment':
            allocate(entry.id, entry.amount, named);
            return lineOf(entry.on, 'payment', entry.id, -entry.amount, withSource);
          case 'return':
          case 'reject': {
            const collection = entries.find((e) => e.kind === 'collection' && e.invoice === named);
            let takenBack = 0;
            let touched = new Set<string>();
            if (named && !reversed.has(named)) {
              reversed.add(named);
              if (collection && entry.kind === 'return') {
                takenBack = allocations
                  .filter((a) => a.from === collection.id)
                  .reduce((sum, a) => sum + a.amount, 0);
                takenBack += credit
                  .filter((c) => c.from === collection.id)
                  .reduce((sum, c) => sum + c.amount, 0);
                touched = takeBack(collection.id);
              }
            }
            spendCredit();
            if (s) {
              s.returned = { on: entry.on, reason: entry.reason ?? '' };
              if (open(s).principal + open(s).fees + open(s).interest > 0) s.foundUnpaidOn = entry.on;
            }
            // DUN-1: another invoice past its due date that the returned money had paid is unpaid again today.
            for (const number of touched) {
              const other = states.get(number);
              if (!other || other === s || other.debitOn >= entry.on) continue;
              const o = open(other);
              if (o.principal + o.fees + o.interest > 0) other.foundUnpaidOn = entry.on;
            }
            return lineOf(entry.on, entry.kind, entry.id, takenBack, withSource);
          }
          case 'found-unpaid': {
            spendCredit();
            const o = s ? open(s) : undefined;
            if (s && o && o.principal + o.fees + o.interest > 0 && !s.foundUnpaidOn)
              s.foundUnpaidOn = entry.on;
            return lineOf(entry.on, 'found-unpaid', entry.id, 0, withSource);
          }
        }
      },
    });
  }

  // Within a day: invoices first; a charge (fee, interest) and money in by when each was recorded, so a
  // payment made before a reminder's fee was charged pays what was owed then (DUN-7); then by kind.
  const chargeOrMoney = (kind: AccountLine['kind']) =>
    kind === 'fee' || kind === 'interest' || kind === 'payment' || kind === 'collection';
  events.sort(
    (a, b) =>
      a.on.localeCompare(b.on) ||
      (chargeOrMoney(a.kind) && chargeOrMoney(b.kind) && a.at && b.at ? a.at.localeCompare(b.at) : 0) ||
      DAY_ORDER[a.kind] - DAY_ORDER[b.kind] ||
      a.id.localeCompare(b.id),
  );
  let running = 0;
  const lines: AccountLine[] = [];
  /** DUN-5: each invoice's principal open at the end of each day it changed: what interest runs on. */
  const history = new Map<string, { from: string; principal: Cents }[]>();
  for (const event of events) {
    const line = event.apply();
    running += line.amount;
    line.balanceAfter = running;
    lines.push(line);
    for (const s of states.values()) {
      if (s.status === 'credit') continue;
      const principal = open(s).principal;
      const steps = history.get(s.number) ?? [];
      const last = steps.at(-1);
      if (last?.principal === principal) continue;
      if (last?.from === event.on) last.principal = principal;
      else steps.push({ from: event.on, principal });
      history.set(s.number, steps);
    }
  }

  const balances: InvoiceBalance[] = [...states.values()].sort(oldestFirst).map((s) => {
    const o = open(s);
    const balance = s.status === 'credit' ? 0 : o.principal + o.fees + o.interest;
    const { issuedOn: _issued, shortfall: _shortfall, ...rest } = s;
    return {
      ...rest,
      principalHistory: history.get(s.number) ?? [],
      principalOpen: s.status === 'credit' ? 0 : o.principal,
      balance,
      status: s.status === 'credit' ? 'credit' : balance > 0 ? 'open' : 'paid',
      ...(balance > 0 && s.foundUnpaidOn ? { foundUnpaidOn: s.foundUnpaidOn } : { foundUnpaidOn: undefined }),
    };
  });
  for (const b of balances) if (b.foundUnpaidOn === undefined) delete b.foundUnpaidOn;
  for (const invoice of invoices)
    if (invoice.void)
      balances.push({
        number: invoice.number,
        month: invoice.month,
        debitOn: invoice.debitOn,
        total: 0,
        paid: 0,
        fees: 0,
        feesPaid: 0,
        interest: 0,
        interestPaid: 0,
        principalOpen: 0,
        balance: 0,
        status: 'void',
      });
  const owed = balances.reduce((sum, b) => sum + b.balance, 0);
  const unspent = credit.reduce((sum, c) => sum + c.amount, 0);
  return { invoices: balances, credit: unspent, owed, balance: owed - unspent, lines };
}
