import { createHash } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { addDays, isIsoDate } from '#shared/calendar.ts';
import { TIME_ZONE } from '#shared/clock.ts';
import type { Cents } from '#shared/money.ts';

/**
 * The simulator's bank (issue 9 item 5): the files a Dutch bank sends about our account, written as ING
 * writes them (its camt.053/camt.054 format descriptions on the Dutch implementation guidelines of the
 * Betaalvereniging; test/fixtures/bank-files shows the real thing). Pure functions: input in, XML text
 * out, no clock and no I/O, so the same scenario gives byte for byte the same files.
 *
 * - `camt053DayStatement`: the day statement (camt.053.001.02) of one booking day: our collections (INV-6),
 *   parents' transfers, and any return booked that day, with opening and closing balance;
 * - `camt054Notification`: the notification (camt.054.001.02) of the returns booked on a day (INV-7);
 * - `pain002StatusReport`: the status report (pain.002.001.03) on a pain.008 batch, listing the
 *   collections refused before they were booked (INV-7).
 *
 * Amounts are integer cents in, decimal text out, built from the integer's digits. Names and texts are
 * written as given (a collection's debtor as our pain.008 named it), XML-escaped. The bank's references
 * (`AcctSvcrRef`) follow ING's pattern, year + day of the year + a letter for the kind + a number, and
 * are deterministic: a transfer's and a collection's number comes from the statement's sequence and the
 * booking's place in it; a return's from its end-to-end id, so the same return reported in a camt.054 and
 * on that day's camt.053 carries the same reference (an importer recognises it as one booking).
 */

export interface BankAccount {
  iban: string;
  bic: string;
  /** The account holder: us, the creditor of the collections. */
  name: string;
  currency?: 'EUR';
  /** Our SEPA creditor id (incassant-id), reported with each collection when given. */
  creditorId?: string;
}

export interface Party {
  name: string;
  iban: string;
  /** The party's bank, reported as its agent (`RltdAgts`) when given. */
  bic?: string;
}

export interface Transfer {
  kind: 'transfer';
  amount: Cents;
  payer: Party;
  /**
   * What the payer wrote: free text (`Ustrd`), or a structured creditor reference (`Strd/CdtrRefInf`, as
   * ING reports a "betalingskenmerk"). SEPA carries one of the two; given both, the text goes beside the
   * reference (`Strd/AddtlRmtInf`). A text beyond 140 characters is split over several `Ustrd`.
   */
  remittance?: string;
  reference?: string;
  /** The payer's end-to-end id; most people's banks send none (`NOTPROVIDED`). */
  endToEndId?: string;
}

export interface CollectedTransaction {
  /** Our invoice number, as in the pain.008. */
  endToEndId: string;
  mandateId: string;
  amount: Cents;
  debtor: Party;
  /** The remittance text of the pain.008 (`Factuur <number> kinderopvang <month>`). */
  remittance?: string;
  /** The pain.008 `InstrId`, when known. */
  instructionId?: string;
}

export interface CollectionBooking {
  kind: 'collection';
  /** The pain.008 payment information block (`PmtInfId`) the bank books. */
  paymentInformationId: string;
  /** The pain.008 message id (`OPVANG-<month>-<collection>`), reported with the batch when given. */
  messageId?: string;
  /** The requested collection date: the value date of the booking. */
  collectionDate: string;
  transactions: CollectedTransaction[];
  /**
   * Rabobank books a batch gross, one entry per collection; ING (and ABN AMRO) one entry for the batch
   * with the collections as details (`Btch` + `TxDtls`). Default: ING's.
   */
  perTransaction?: boolean;
}

export interface ReturnBooking {
  kind: 'return';
  amount: Cents;
  /** Our invoice number of the returned collection. */
  endToEndId: string;
  mandateId: string;
  /** The ISO return reason (AM04, AC04, MD06, MS02, …): INV-7. */
  reason: string;
  debtor: Party;
  remittance?: string;
  instructionId?: string;
}

export type StatementEntry = Transfer | CollectionBooking | ReturnBooking;

export interface DayStatementInput {
  account: BankAccount;
  /** The booking day, YYYY-MM-DD. */
  date: string;
  /** The statement's electronic sequence number: one more than the previous statement's. */
  sequence: number;
  /** Signed cents: the previous statement's closing balance. */
  openingBalance: Cents;
  entries: StatementEntry[];
  /** Local date-time (YYYY-MM-DDTHH:MM:SS, Europe/Amsterdam) of creation; default: the next morning, 06:15. */
  created?: string;
}

export interface NotificationInput {
  account: BankAccount;
  date: string;
  sequence: number;
  returns: ReturnBooking[];
  /** Default: the booking day at 14:15, when ING sends its intraday notifications. */
  created?: string;
}

export interface RejectedCollection {
  endToEndId: string;
  mandateId: string;
  amount: Cents;
  /** The ISO reject reason (AC04, AC06, MD01, AM04, MS02, …): INV-7. */
  reason: string;
  debtor: Party;
  /** The payment information block of the pain.008 it was in; default: `originalPaymentInformationId`. */
  paymentInformationId?: string;
  mandateSigned?: string;
  sequenceType?: 'FRST' | 'RCUR';
  remittance?: string;
  instructionId?: string;
}

export interface StatusReportInput {
  /** Our account, the creditor of the batch. */
  account: BankAccount;
  /** The day the bank reports, YYYY-MM-DD (before the collection date). */
  date: string;
  originalMessageId: string;
  originalPaymentInformationId: string;
  /** The pain.008's requested collection date, reported with each reject when given. */
  collectionDate?: string;
  rejects: RejectedCollection[];
  /** The whole batch as sent: its number of transactions and its control sum in cents. */
  originalTransactions: number;
  originalSum: Cents;
  /** Default: the reporting day at 16:00. */
  created?: string;
}

/** The Dutch text ING and Rabobank put beside a reason code (`AddtlInf`). */
const REASON_TEXTS: Record<string, string> = {
  AC01: 'Rekeningnummer onjuist',
  AC04: 'Rekening opgeheven',
  AC06: 'Rekening geblokkeerd',
  AC13: 'Rekening van een consument',
  AG01: 'Incasso niet toegestaan op deze rekening',
  AG02: 'Ongeldige transactiecode of bestandsformaat',
  AM04: 'Onvoldoende saldo',
  AM05: 'Dubbele incasso',
  BE05: 'Incassant onbekend',
  DT01: 'Ongeldige datum',
  FF01: 'Ongeldig bestandsformaat',
  MD01: 'Geen machtiging',
  MD02: 'Machtigingsgegevens onjuist of onvolledig',
  MD06: 'Terugboeking op verzoek van betaler',
  MD07: 'Rekeninghouder overleden',
  MS02: 'Geweigerd door betaler',
  MS03: 'Reden niet gespecificeerd',
  RC01: 'BIC onjuist',
  RR01: 'Identificatie van de betaler ontbreekt',
  RR02: 'Naam of adres van de betaler ontbreekt',
  RR03: 'Naam of adres van de incassant ontbreekt',
  RR04: 'Wettelijke reden',
  SL01: 'Specifieke dienstverlening van de bank van de betaler',
};

// ---- Writing XML ---------------------------------------------------------------------------------

/** An element: its name, then text or child elements; `undefined`/`false` children are left out. */
interface Element {
  name: string;
  attributes?: Record<string, string>;
  text?: string;
  children?: Child[];
}
type Child = Element | undefined | false;

const el = (name: string, ...children: Child[]): Element => ({ name, children });
const txt = (name: string, text: string, attributes?: Record<string, string>): Element =>
  attributes ? { name, text, attributes } : { name, text };
const optional = (name: string, text: string | undefined): Child =>
  text !== undefined && text !== '' && txt(name, text);

/**
 * XML 1.0 forbids most control characters even as references (a name pasted with one would make the file
 * unreadable): tab, line feed and carriage return stay; the others, and a lone surrogate, become a space.
 */
function xmlCharacters(text: string): string {
  return [...text]
    .map((c) => {
      const code = c.codePointAt(0) ?? 0;
      const allowed =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && !(code >= 0xd800 && code <= 0xdfff) && code !== 0xfffe && code !== 0xffff);
      return allowed ? c : ' ';
    })
    .join('');
}

/** Text as XML character data: `&`, `<`, `>` and quotes escaped (`Wiśniewska & Zn <test>`). */
export function escapeXml(text: string): string {
  return xmlCharacters(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function render(element: Element, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const open = `${indent}<${element.name}${attributes}>`;
  if (element.text !== undefined) {
    lines.push(`${open}${escapeXml(element.text)}</${element.name}>`);
    return;
  }
  lines.push(open);
  for (const child of element.children ?? []) if (child) render(child, depth + 1, lines);
  lines.push(`${indent}</${element.name}>`);
}

function xmlDocument(namespace: string, message: Element): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render(
    {
      name: 'Document',
      attributes: { xmlns: namespace, 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' },
      children: [message],
    },
    0,
    lines,
  );
  return `${lines.join('\n')}\n`;
}

// ---- Amounts, dates, references -------------------------------------------------------------------

function checkAmount(cents: Cents, what: string): Cents {
  if (!Number.isSafeInteger(cents) || cents <= 0)
    throw new RangeError(`${what}: amount ${cents} is not a positive whole number of cents`);
  return cents;
}

/**
 * 123456 → "1234.56": the decimal text of a bank file, cut from the integer's digits (never divided as a
 * float, so no amount can be off by a cent however large).
 */
export function isoAmount(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount ${cents} is not whole cents`);
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const amount = (name: string, cents: Cents) => txt(name, isoAmount(cents), { Ccy: 'EUR' });

function checkDate(date: string, what: string): string {
  if (!isIsoDate(date)) throw new RangeError(`${what}: '${date}' is not a date (YYYY-MM-DD)`);
  return date;
}

function checkSequence(sequence: number): number {
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`sequence ${sequence} is not a positive whole number`);
  return sequence;
}

function checkReason(reason: string, what: string): string {
  // ExternalReturnReason1Code / ExternalStatusReason1Code: four letters or digits.
  if (!/^[A-Z0-9]{4}$/.test(reason)) throw new RangeError(`${what}: '${reason}' is not an ISO reason code`);
  return reason;
}

/** A local time in Europe/Amsterdam with its offset, as ING writes it: `2027-03-02T06:15:00.000+01:00`. */
function localDateTime(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh = 0, mm = 0, ss = 0] = time.split(':').map(Number);
  return new TZDate(y, m - 1, d, hh, mm, ss, TIME_ZONE).toISOString();
}

function creationTime(created: string | undefined, date: string, time: string): string {
  if (created === undefined) return localDateTime(date, time);
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})$/.exec(created);
  if (!match || !isIsoDate(match[1] as string))
    throw new RangeError(`created '${created}' is not a local date-time (YYYY-MM-DDTHH:MM:SS)`);
  return localDateTime(match[1] as string, match[2] as string);
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const compact = (dateTime: string) => dateTime.slice(0, 19).replace(/\D/g, '');

/** ING's reference prefix: the year and the day of the year (`2027061` is 2 March 2027). */
function referencePrefix(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const dayOfYear = (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000 + 1;
  return `${y}${pad(dayOfYear, 3)}`;
}

/** A transfer's (`A`) or collection's (`C`) reference: the statement's sequence and the booking's place. */
function bookingReference(date: string, letter: 'A' | 'C', sequence: number, place: number): string {
  return `${referencePrefix(date)}${letter}${pad(sequence % 1000, 3)}${pad(place % 10_000, 4)}`;
}

/** A return's reference: from its end-to-end id, the same in the camt.054 and on the day statement. */
function returnReference(date: string, endToEndId: string): string {
  return `${referencePrefix(date)}R${endToEndId.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 35);
}

const normalIban = (iban: string) => iban.replace(/\s+/g, '').toUpperCase();

// ---- The parts of an entry ---------------------------------------------------------------------

const UNSTRUCTURED_LIMIT = 140;

/** A long text over several `Ustrd` of 140 characters, as banks split it (the reader joins them back). */
function unstructured(text: string): Element[] {
  const characters = [...text];
  const chunks: Element[] = [];
  for (let i = 0; i < characters.length; i += UNSTRUCTURED_LIMIT)
    chunks.push(txt('Ustrd', characters.slice(i, i + UNSTRUCTURED_LIMIT).join('')));
  return chunks;
}

function remittanceInformation(text: string | undefined, reference?: string): Child {
  if (reference)
    return el(
      'RmtInf',
      el(
        'Strd',
        el('CdtrRefInf', el('Tp', el('CdOrPrtry', txt('Cd', 'SCOR'))), txt('Ref', reference)),
        text ? txt('AddtlRmtInf', text) : undefined,
      ),
    );
  return text ? el('RmtInf', ...unstructured(text)) : undefined;
}

function transactionCode(family: 'RCDT' | 'IDDT', subFamily: string): Element {
  return el(
    'BkTxCd',
    el('Domn', txt('Cd', 'PMNT'), el('Fmly', txt('Cd', family), txt('SubFmlyCd', subFamily))),
  );
}

const ibanAccount = (name: string, iban: string) => el(name, el('Id', txt('IBAN', normalIban(iban))));

/** A bank (`DbtrAgt`, `CdtrAgt`) by its BIC, left out when unknown. */
const agent = (name: string, bic: string | undefined): Child =>
  bic ? el(name, el('FinInstnId', txt('BIC', bic))) : undefined;

/** Our SEPA creditor id as a party's `Id` (`PrvtId/Othr`, scheme `SEPA`), left out when not given. */
const sepaCreditorId = (creditorId: string | undefined): Child =>
  creditorId
    ? el('Id', el('PrvtId', el('Othr', txt('Id', creditorId), el('SchmeNm', txt('Prtry', 'SEPA')))))
    : undefined;

function creditor(account: BankAccount): Element {
  return el('Cdtr', txt('Nm', account.name), sepaCreditorId(account.creditorId));
}

/** The parent as debtor and we as creditor: a collection or its return. */
function debtorAndUs(debtor: Party, account: BankAccount): Element[] {
  const parties = el(
    'RltdPties',
    el('Dbtr', txt('Nm', debtor.name)),
    ibanAccount('DbtrAcct', debtor.iban),
    creditor(account),
    ibanAccount('CdtrAcct', account.iban),
  );
  return debtor.bic ? [parties, el('RltdAgts', agent('DbtrAgt', debtor.bic))] : [parties];
}

/** A written entry (`Ntry`) with the side and amount the summary and balances count. */
interface Booked {
  element: Element;
  indicator: 'CRDT' | 'DBIT';
  cents: Cents;
}

function entry(options: {
  ref?: string;
  cents: Cents;
  indicator: 'CRDT' | 'DBIT';
  booked: string;
  value: string;
  servicerRef: string;
  code: Element;
  details: Child[];
  information?: string;
}): Booked {
  const element = el(
    'Ntry',
    options.ref !== undefined && txt('NtryRef', options.ref),
    amount('Amt', options.cents),
    txt('CdtDbtInd', options.indicator),
    txt('Sts', 'BOOK'),
    el('BookgDt', txt('Dt', options.booked)),
    el('ValDt', txt('Dt', options.value)),
    txt('AcctSvcrRef', options.servicerRef),
    options.code,
    el('NtryDtls', ...options.details),
    optional('AddtlNtryInf', options.information),
  );
  return { element, indicator: options.indicator, cents: options.cents };
}

/** ING's readable summary uses `/` as its separator: a slash in a name or text would start a field. */
const summaryText = (text: string) => text.replace(/\//g, ' ').replace(/\s+/g, ' ').trim();

function transferEntry(transfer: Transfer, date: string, servicerRef: string): Booked {
  const cents = checkAmount(transfer.amount, `transfer from ${transfer.payer.name}`);
  const endToEnd = transfer.endToEndId ?? 'NOTPROVIDED';
  const { payer } = transfer;
  const remi = transfer.reference
    ? `STRD/SCOR//${transfer.reference}`
    : summaryText(transfer.remittance ?? '');
  const summary = [
    '/TRTP/SEPA OVERBOEKING',
    `/IBAN/${normalIban(payer.iban)}`,
    payer.bic ? `/BIC/${payer.bic}` : '',
    `/NAME/${summaryText(payer.name)}`,
    remi ? `/REMI/${remi}` : '',
    `/EREF/${summaryText(endToEnd)}`,
  ].join('');
  return entry({
    cents,
    indicator: 'CRDT',
    booked: date,
    value: date,
    servicerRef,
    code: transactionCode('RCDT', 'ESCT'),
    details: [
      el(
        'TxDtls',
        el('Refs', txt('AcctSvcrRef', servicerRef), txt('EndToEndId', endToEnd)),
        el('AmtDtls', el('TxAmt', amount('Amt', cents))),
        el('RltdPties', el('Dbtr', txt('Nm', payer.name)), ibanAccount('DbtrAcct', payer.iban)),
        payer.bic ? el('RltdAgts', agent('DbtrAgt', payer.bic)) : undefined,
        remittanceInformation(transfer.remittance, transfer.reference),
      ),
    ],
    information: summary,
  });
}

function collectedDetails(
  tx: CollectedTransaction,
  booking: CollectionBooking,
  account: BankAccount,
  servicerRef: string,
): Element {
  return el(
    'TxDtls',
    el(
      'Refs',
      optional('MsgId', booking.messageId),
      txt('AcctSvcrRef', servicerRef),
      txt('PmtInfId', booking.paymentInformationId),
      optional('InstrId', tx.instructionId),
      txt('EndToEndId', tx.endToEndId),
      txt('MndtId', tx.mandateId),
    ),
    el('AmtDtls', el('InstdAmt', amount('Amt', tx.amount)), el('TxAmt', amount('Amt', tx.amount))),
    transactionCode('IDDT', 'ESDD'),
    ...debtorAndUs(tx.debtor, account),
    remittanceInformation(tx.remittance),
  );
}

/**
 * INV-6: the booking of one pain.008 payment information block. ING: one credit entry for the batch
 * (`Btch` with its count and total) and a `TxDtls` per collection; Rabobank: an entry per collection.
 */
function collectionEntries(
  booking: CollectionBooking,
  context: { account: BankAccount; date: string; sequence: number; nextPlace: () => number },
): Booked[] {
  const { account, date, sequence } = context;
  checkDate(booking.collectionDate, `collection ${booking.paymentInformationId}`);
  if (booking.transactions.length === 0)
    throw new RangeError(`collection ${booking.paymentInformationId} holds no transactions`);
  for (const tx of booking.transactions) checkAmount(tx.amount, `collection ${tx.endToEndId}`);
  const code = transactionCode('IDDT', 'ESDD');
  if (booking.perTransaction)
    return booking.transactions.map((tx) => {
      const ref = bookingReference(date, 'C', sequence, context.nextPlace());
      return entry({
        ref,
        cents: tx.amount,
        indicator: 'CRDT',
        booked: date,
        value: booking.collectionDate,
        servicerRef: ref,
        code,
        details: [collectedDetails(tx, booking, account, ref)],
      });
    });
  const ref = bookingReference(date, 'C', sequence, context.nextPlace());
  const total = booking.transactions.reduce((sum, tx) => sum + tx.amount, 0);
  const count = booking.transactions.length;
  return [
    entry({
      cents: total,
      indicator: 'CRDT',
      booked: date,
      value: booking.collectionDate,
      servicerRef: ref,
      code,
      details: [
        el(
          'Btch',
          optional('MsgId', booking.messageId),
          txt('PmtInfId', booking.paymentInformationId),
          txt('NbOfTxs', String(count)),
          amount('TtlAmt', total),
          txt('CdtDbtInd', 'CRDT'),
        ),
        ...booking.transactions.map((tx, i) =>
          collectedDetails(tx, booking, account, `${ref}${pad(i + 1, 4)}`),
        ),
      ],
      information: `SEPA Incasso algemeen doorlopend batch ${booking.paymentInformationId} ${count} ${count === 1 ? 'post' : 'posten'}`,
    }),
  ];
}

/**
 * INV-7: a returned collection, debited from our account. `UPDD` (returned unpaid), but `PRDD` for MD06,
 * the refund a debtor may ask within eight weeks, as ING books it.
 */
function returnEntry(returned: ReturnBooking, account: BankAccount, date: string): Booked {
  const cents = checkAmount(returned.amount, `return of ${returned.endToEndId}`);
  const reason = checkReason(returned.reason, `return of ${returned.endToEndId}`);
  const ref = returnReference(date, returned.endToEndId);
  const text = REASON_TEXTS[reason];
  return entry({
    ref,
    cents,
    indicator: 'DBIT',
    booked: date,
    value: date,
    servicerRef: ref,
    code: transactionCode('IDDT', reason === 'MD06' ? 'PRDD' : 'UPDD'),
    details: [
      el(
        'TxDtls',
        el(
          'Refs',
          txt('AcctSvcrRef', ref),
          optional('InstrId', returned.instructionId),
          txt('EndToEndId', returned.endToEndId),
          txt('MndtId', returned.mandateId),
        ),
        el('AmtDtls', el('InstdAmt', amount('Amt', cents)), el('TxAmt', amount('Amt', cents))),
        ...debtorAndUs(returned.debtor, account),
        remittanceInformation(returned.remittance),
        el('RtrInf', el('Rsn', txt('Cd', reason)), optional('AddtlInf', text)),
      ),
    ],
    information: `Storno SEPA Incasso ${reason}${text ? ` ${text}` : ''}`,
  });
}

function checkReturnsUnique(returns: readonly ReturnBooking[], date: string): void {
  const seen = new Set<string>();
  for (const returned of returns) {
    const ref = returnReference(date, returned.endToEndId);
    if (seen.has(ref)) throw new RangeError(`collection ${returned.endToEndId} is returned twice on ${date}`);
    seen.add(ref);
  }
}

// ---- Statements and notifications --------------------------------------------------------------

const credited = (entry: StatementEntry): boolean => entry.kind !== 'return';

function bookedAmount(entry: StatementEntry): Cents {
  return entry.kind === 'collection'
    ? entry.transactions.reduce((sum, tx) => sum + tx.amount, 0)
    : entry.amount;
}

/** The balance after the day: opening + credits − debits, in signed cents (the next day's opening). */
export function statementClosingBalance(openingBalance: Cents, entries: readonly StatementEntry[]): Cents {
  return entries.reduce(
    (balance, e) => balance + (credited(e) ? bookedAmount(e) : -bookedAmount(e)),
    openingBalance,
  );
}

interface Totals {
  credit: { entries: number; sum: Cents };
  debit: { entries: number; sum: Cents };
}

/** `TxsSummry`: counts and sums of the entries (`Ntry`) as written, and the net amount with its sign. */
function transactionsSummary(entries: readonly Booked[]): Element {
  const totals: Totals = { credit: { entries: 0, sum: 0 }, debit: { entries: 0, sum: 0 } };
  for (const booked of entries) {
    const side = totals[booked.indicator === 'DBIT' ? 'debit' : 'credit'];
    side.entries += 1;
    side.sum += booked.cents;
  }
  const net = totals.credit.sum - totals.debit.sum;
  const side = (name: string, { entries, sum }: Totals['credit']) =>
    entries > 0 && el(name, txt('NbOfNtries', String(entries)), txt('Sum', isoAmount(sum)));
  return el(
    'TxsSummry',
    el(
      'TtlNtries',
      txt('NbOfNtries', String(totals.credit.entries + totals.debit.entries)),
      txt('Sum', isoAmount(totals.credit.sum + totals.debit.sum)),
      txt('TtlNetNtryAmt', isoAmount(Math.abs(net))),
      txt('CdtDbtInd', net < 0 ? 'DBIT' : 'CRDT'),
    ),
    side('TtlCdtNtries', totals.credit),
    side('TtlDbtNtries', totals.debit),
  );
}

function balance(type: 'OPBD' | 'CLBD' | 'CLAV', signed: Cents, date: string): Element {
  return el(
    'Bal',
    el('Tp', el('CdOrPrtry', txt('Cd', type))),
    amount('Amt', Math.abs(signed)),
    txt('CdtDbtInd', signed < 0 ? 'DBIT' : 'CRDT'),
    el('Dt', txt('Dt', date)),
  );
}

function accountElement(account: BankAccount): Element {
  if (account.currency !== undefined && account.currency !== 'EUR')
    throw new RangeError(`account ${account.iban}: only euro accounts`);
  return el(
    'Acct',
    el('Id', txt('IBAN', normalIban(account.iban))),
    txt('Ccy', 'EUR'),
    el('Ownr', txt('Nm', account.name)),
    el('Svcr', el('FinInstnId', txt('BIC', account.bic))),
  );
}

/**
 * The status report's own message id: the day and a digest of the batch's message id, so that reports on
 * different batches (or days) differ and the same report is written the same (35 characters at most).
 */
function statusReportId(date: string, originalMessageId: string): string {
  const digest = createHash('sha256').update(`${date}|${originalMessageId}`).digest('hex');
  return `STS${date.replace(/-/g, '')}${digest.slice(0, 16).toUpperCase()}`;
}

/** ING's message id: 28 digits, the sequence then the moment of creation. */
const messageId = (sequence: number, created: string) => `${pad(sequence, 14)}${compact(created)}`;

/**
 * The day statement (camt.053.001.02) of `date` as ING sends it the next morning: balances OPBD and CLBD
 * (opening + credits − debits), the TxsSummry, and an entry per transfer, per collection batch (or per
 * collection, `perTransaction`) and per return booked that day. A day without bookings is still a
 * statement, with equal balances and no entries.
 */
export function camt053DayStatement(input: DayStatementInput): string {
  const { account } = input;
  const date = checkDate(input.date, 'day statement');
  const sequence = checkSequence(input.sequence);
  if (!Number.isSafeInteger(input.openingBalance))
    throw new RangeError(`opening balance ${input.openingBalance} is not whole cents`);
  checkReturnsUnique(
    input.entries.filter((e): e is ReturnBooking => e.kind === 'return'),
    date,
  );
  const created = creationTime(input.created, addDays(date, 1), '06:15:00');
  let place = 0;
  const nextPlace = () => {
    place += 1;
    return place;
  };
  const entries = input.entries.flatMap((e): Booked[] => {
    if (e.kind === 'transfer')
      return [transferEntry(e, date, bookingReference(date, 'A', sequence, nextPlace()))];
    if (e.kind === 'collection') return collectionEntries(e, { account, date, sequence, nextPlace });
    return [returnEntry(e, account, date)];
  });
  const closing = statementClosingBalance(input.openingBalance, input.entries);
  return xmlDocument(
    'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02',
    el(
      'BkToCstmrStmt',
      el(
        'GrpHdr',
        txt('MsgId', messageId(sequence, created)),
        txt('CreDtTm', created),
        el('MsgPgntn', txt('PgNb', '1'), txt('LastPgInd', 'true')),
      ),
      el(
        'Stmt',
        txt('Id', pad(sequence, 16)),
        txt('ElctrncSeqNb', String(sequence)),
        txt('CreDtTm', created),
        el(
          'FrToDt',
          txt('FrDtTm', localDateTime(date, '00:00:00')),
          txt('ToDtTm', localDateTime(date, '23:59:59').replace('.000', '.999')),
        ),
        accountElement(account),
        balance('OPBD', input.openingBalance, date),
        balance('CLBD', closing, date),
        balance('CLAV', closing, date),
        transactionsSummary(entries),
        ...entries.map((e) => e.element),
      ),
    ),
  );
}

/**
 * The notification (camt.054.001.02) of the returns booked on `date` (INV-7), sent that afternoon: one
 * `Ntfctn` with a TxsSummry and a debit entry per return, each with its reason (`RtrInf/Rsn/Cd`).
 * Notifications carry no balances.
 */
export function camt054Notification(input: NotificationInput): string {
  const { account } = input;
  const date = checkDate(input.date, 'notification');
  const sequence = checkSequence(input.sequence);
  checkReturnsUnique(input.returns, date);
  const created = creationTime(input.created, date, '14:15:00');
  const id = messageId(sequence, created);
  const entries = input.returns.map((returned) => returnEntry(returned, account, date));
  return xmlDocument(
    'urn:iso:std:iso:20022:tech:xsd:camt.054.001.02',
    el(
      'BkToCstmrDbtCdtNtfctn',
      el('GrpHdr', txt('MsgId', id), txt('CreDtTm', created)),
      el(
        'Ntfctn',
        txt('Id', `${id}-1`),
        txt('ElctrncSeqNb', String(sequence)),
        txt('CreDtTm', created),
        accountElement(account),
        transactionsSummary(entries),
        ...entries.map((e) => e.element),
      ),
    ),
  );
}

/**
 * The status report (pain.002.001.03) on our pain.008 batch, before its collection date (INV-7): the
 * group status (`RJCT` when every collection is refused, `PART` when some are, `ACCP` when none), the
 * count and sum per status, and each refused collection with its reason (`StsRsnInf/Rsn/Cd`) and the
 * original transaction (amount, mandate, debtor), grouped by payment information block. As Dutch banks
 * do, only the refused collections are listed.
 */
export function pain002StatusReport(input: StatusReportInput): string {
  const { account, rejects } = input;
  const date = checkDate(input.date, 'status report');
  if (input.collectionDate !== undefined) checkDate(input.collectionDate, 'collection date');
  if (!Number.isSafeInteger(input.originalTransactions) || input.originalTransactions < 1)
    throw new RangeError(`the batch's number of transactions ${input.originalTransactions} is not positive`);
  checkAmount(input.originalSum, `batch ${input.originalMessageId}`);
  const rejectedSum = rejects.reduce((sum, r) => sum + checkAmount(r.amount, `reject of ${r.endToEndId}`), 0);
  for (const r of rejects) checkReason(r.reason, `reject of ${r.endToEndId}`);
  if (rejects.length > input.originalTransactions || rejectedSum > input.originalSum)
    throw new RangeError(
      `${rejects.length} rejects of EUR ${isoAmount(rejectedSum)} do not fit in a batch of ${input.originalTransactions} of EUR ${isoAmount(input.originalSum)}`,
    );
  const whole = rejects.length === input.originalTransactions;
  if (whole && rejectedSum !== input.originalSum)
    throw new RangeError(
      `every collection is rejected, but they sum to EUR ${isoAmount(rejectedSum)}, not the batch's EUR ${isoAmount(input.originalSum)}`,
    );
  const created = creationTime(input.created, date, '16:00:00');
  const groupStatus = whole ? 'RJCT' : rejects.length ? 'PART' : 'ACCP';
  const accepted = {
    count: input.originalTransactions - rejects.length,
    sum: input.originalSum - rejectedSum,
  };

  const blocks = new Map<string, RejectedCollection[]>();
  for (const r of rejects) {
    const block = r.paymentInformationId ?? input.originalPaymentInformationId;
    blocks.set(block, [...(blocks.get(block) ?? []), r]);
  }
  const compactDate = date.replace(/-/g, '');
  let statusNumber = 0;
  const transaction = (r: RejectedCollection): Element => {
    statusNumber += 1;
    const text = REASON_TEXTS[r.reason];
    return el(
      'TxInfAndSts',
      txt('StsId', `RJ${compactDate}${pad(statusNumber, 7)}`),
      optional('OrgnlInstrId', r.instructionId),
      txt('OrgnlEndToEndId', r.endToEndId),
      txt('TxSts', 'RJCT'),
      el(
        'StsRsnInf',
        r.debtor.bic ? el('Orgtr', el('Id', el('OrgId', txt('BICOrBEI', r.debtor.bic)))) : undefined,
        el('Rsn', txt('Cd', r.reason)),
        optional('AddtlInf', text),
      ),
      el(
        'OrgnlTxRef',
        el('Amt', amount('InstdAmt', r.amount)),
        optional('ReqdColltnDt', input.collectionDate),
        account.creditorId ? el('CdtrSchmeId', sepaCreditorId(account.creditorId)) : undefined,
        el(
          'PmtTpInf',
          el('SvcLvl', txt('Cd', 'SEPA')),
          el('LclInstrm', txt('Cd', 'CORE')),
          optional('SeqTp', r.sequenceType),
        ),
        el('MndtRltdInf', txt('MndtId', r.mandateId), optional('DtOfSgntr', r.mandateSigned)),
        remittanceInformation(r.remittance),
        el('Dbtr', txt('Nm', r.debtor.name)),
        ibanAccount('DbtrAcct', r.debtor.iban),
        agent('DbtrAgt', r.debtor.bic),
        agent('CdtrAgt', account.bic),
        el('Cdtr', txt('Nm', account.name)),
        ibanAccount('CdtrAcct', account.iban),
      ),
    );
  };

  return xmlDocument(
    'urn:iso:std:iso:20022:tech:xsd:pain.002.001.03',
    el(
      'CstmrPmtStsRpt',
      el(
        'GrpHdr',
        txt('MsgId', statusReportId(date, input.originalMessageId)),
        txt('CreDtTm', created),
        el('InitgPty', el('Id', el('OrgId', txt('BICOrBEI', account.bic)))),
      ),
      el(
        'OrgnlGrpInfAndSts',
        txt('OrgnlMsgId', input.originalMessageId),
        txt('OrgnlMsgNmId', 'pain.008.001.02'),
        txt('OrgnlNbOfTxs', String(input.originalTransactions)),
        txt('OrgnlCtrlSum', isoAmount(input.originalSum)),
        txt('GrpSts', groupStatus),
        rejects.length > 0 &&
          el(
            'NbOfTxsPerSts',
            txt('DtldNbOfTxs', String(rejects.length)),
            txt('DtldSts', 'RJCT'),
            txt('DtldCtrlSum', isoAmount(rejectedSum)),
          ),
        accepted.count > 0 &&
          el(
            'NbOfTxsPerSts',
            txt('DtldNbOfTxs', String(accepted.count)),
            txt('DtldSts', 'ACCP'),
            txt('DtldCtrlSum', isoAmount(accepted.sum)),
          ),
      ),
      ...[...blocks].map(([block, listed]) =>
        el(
          'OrgnlPmtInfAndSts',
          txt('OrgnlPmtInfId', block),
          txt('PmtInfSts', whole ? 'RJCT' : 'PART'),
          ...listed.map(transaction),
        ),
      ),
    ),
  );
}
