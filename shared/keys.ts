/**
 * The single table's key design. pk/sk address an item; gsi1 groups a parent's records; gsi2 lists
 * records for the monthly run in parent order.
 * Access patterns: an offer, contract or invoice by id; a parent's contracts and invoices (gsi1:
 * PARENT#id, CONTRACT#… / INVOICE#month); all parents (gsi2: PARENTS, parent); all contracts by parent
 * (gsi2: CONTRACTS, parent#contract);
 * a month's invoices (gsi2: INVOICES#month, parent), extras (gsi2: EXTRAS#month, parent#id) and
 * flexible bookings (gsi2: BOOKINGS#month, parent#contract#date);
 * an e-mail by kind and subject (its idempotency record);
 * issue 9: a parent's account entries (ACCOUNT#parent, ENTRY#id) and its derived summary; parents with a
 * credit (gsi2: CREDITS, parent); an invoice by its number and a parent by IBAN (gsi3, sparse: a bank
 * entry names one of them); a bank entry by id and by review status (gsi2: BANKENTRIES#status, booked#id);
 * a bank file by the hash of its content.
 */
export const keys = {
  parent: (id: string) => ({ pk: `PARENT#${id}`, sk: 'PARENT' }),
  offer: (id: string) => ({ pk: `OFFER#${id}`, sk: 'OFFER' }),
  contract: (id: string) => ({ pk: `CONTRACT#${id}`, sk: 'CONTRACT' }),
  /** Issue 13: every offer, by the day it was made (a location's offers with their lapse dates, newest first). */
  allOffers: (offeredOn: string, id: string) => ({ gsi2pk: 'OFFERS', gsi2sk: `${offeredOn}#${id}` }),
  email: (kind: string, ref: string) => ({ pk: `EMAIL#${kind}#${ref}`, sk: 'EMAIL' }),
  invoice: (parentId: string, month: string) => ({ pk: `INVOICE#${parentId}#${month}`, sk: 'INVOICE' }),
  invoiceCounter: (year: string) => ({ pk: `COUNTER#INVOICE#${year}`, sk: 'COUNTER' }),
  invoiceRun: (month: string) => ({ pk: `INVOICERUN#${month}`, sk: 'RUN' }),
  invoiceRunPage: (month: string, page: number) => ({
    pk: `INVOICERUN#${month}`,
    sk: `PAGE#${String(page).padStart(6, '0')}`,
  }),
  /**
   * INV-5: a contract that arrived after its first month's run had started, for a parent who may have no
   * invoice for that month yet: the next morning's supplementary pass reads these, one partition per month.
   */
  lateContract: (month: string, parentId: string, contractId = '') => ({
    pk: `INVOICERUN#${month}`,
    // One mark per contract: a second contract of the parent, marked while a pass runs, is not cleared unread.
    sk: `LATECONTRACT#${parentId}${contractId ? `#${contractId}` : ''}`,
  }),
  /** The invoice numbers the supplementary passes of a month reserved for late contracts' parents. */
  invoiceRunLatePass: (month: string) => ({ pk: `INVOICERUN#${month}`, sk: 'LATEPASS' }),
  /** The daily scheduler's last checked day: a run date after it and on or before today is caught up. */
  invoiceRunSchedule: () => ({ pk: 'SCHEDULE#invoice-run', sk: 'SCHEDULE' }),
  mandate: (parentId: string, mandateId: string) => ({
    pk: `MANDATE#${parentId}#${mandateId}`,
    sk: 'MANDATE',
  }),
  extra: (contractId: string, id: string) => ({ pk: `EXTRA#${contractId}#${id}`, sk: 'EXTRA' }),
  tariff: (policy: string, from: string) => ({ pk: `POLICY#${policy}`, sk: `TARIFF#${from}` }),
  booking: (contractId: string, date: string) => ({ pk: `BOOKING#${contractId}#${date}`, sk: 'BOOKING' }),
  monthBookings: (month: string, parentId: string, contractId: string, date: string) => ({
    gsi2pk: `BOOKINGS#${month}`,
    gsi2sk: `${parentId}#${contractId}#${date}`,
  }),
  export: (month: string, collection: string) => ({ pk: `EXPORT#${month}`, sk: `SEPA#${collection}` }),
  /** Every parent, in id order: the SEPA export reads its debtors in one range. */
  allParents: (parentId: string) => ({ gsi2pk: 'PARENTS', gsi2sk: parentId }),
  allContracts: (parentId: string, contractId: string) => ({
    gsi2pk: 'CONTRACTS',
    gsi2sk: `${parentId}#${contractId}`,
  }),
  monthInvoices: (month: string, parentId: string) => ({ gsi2pk: `INVOICES#${month}`, gsi2sk: parentId }),
  monthExtras: (month: string, parentId: string, id: string) => ({
    gsi2pk: `EXTRAS#${month}`,
    gsi2sk: `${parentId}#${id}`,
  }),
  /**
   * A staff task: something the system could not do (an e-mail not sent, a debtor left out of a batch),
   * with its reason. Open tasks are listed in gsi2 (TASKS#open, date#id); a task about a month's run is
   * also found by that run (gsi1: RUN#month).
   */
  task: (id: string) => ({ pk: `TASK#${id}`, sk: 'TASK' }),
  openTasks: (on: string, id: string) => ({ gsi2pk: 'TASKS#open', gsi2sk: `${on}#${id}` }),
  runTasks: (month: string, id: string) => ({ gsi1pk: `RUN#${month}`, gsi1sk: `TASK#${id}` }),
  accountEntry: (parentId: string, entryId: string) => ({
    pk: `ACCOUNT#${parentId}`,
    sk: `ENTRY#${entryId}`,
  }),
  /** The account as last derived: its credit (read by the run for credit lines) and balances. */
  accountSummary: (parentId: string) => ({ pk: `ACCOUNT#${parentId}`, sk: 'SUMMARY' }),
  /** Sparse: only a summary with a credit carries it. */
  credits: (parentId: string) => ({ gsi2pk: 'CREDITS', gsi2sk: parentId }),
  invoiceByNumber: (number: string) => ({ gsi3pk: `INVOICENO#${number}`, gsi3sk: 'INVOICE' }),
  parentByIban: (iban: string, parentId: string) => ({ gsi3pk: `IBAN#${iban}`, gsi3sk: parentId }),
  bankEntry: (id: string) => ({ pk: `BANKENTRY#${id}`, sk: 'BANKENTRY' }),
  bankEntriesByStatus: (status: string, booked: string, id: string) => ({
    gsi2pk: `BANKENTRIES#${status}`,
    gsi2sk: `${booked}#${id}`,
  }),
  bankFile: (hash: string) => ({ pk: `BANKFILE#${hash}`, sk: 'BANKFILE' }),
  /** The daily check of due dates (DUN-1): the last day whose collections were booked and invoices checked. */
  dueCheck: () => ({ pk: 'SCHEDULE#due-check', sk: 'SCHEDULE' }),
  /** DUN-9: a parent's payment plan: the current one (a broken or completed one may be replaced). */
  paymentPlan: (parentId: string) => ({ pk: `PLAN#${parentId}`, sk: 'PLAN' }),
  /** DUN-1..4: the dunning of an invoice, one case per time it was found unpaid. */
  dunningCase: (invoice: string, foundUnpaidOn: string) => ({
    pk: `DUNNING#${invoice}`,
    sk: `CASE#${foundUnpaidOn}`,
  }),
  /** Issue 13: every dunning case, by the day it was found unpaid (the console's arrears list, newest first). */
  allDunningCases: (foundUnpaidOn: string, invoice: string) => ({
    gsi2pk: 'DUNNING',
    gsi2sk: `${foundUnpaidOn}#${invoice}`,
  }),
  /**
   * Issue 10 item 3 (DUN-3, DUN-8): a letter by post, one per kind#invoice#case (its id): keyed by the id
   * alone, so that a step retried on a later day finds it; the day's letters to print are listed in gsi2
   * (LETTERS#day, id).
   */
  letter: (id: string) => ({ pk: `LETTER#${id}`, sk: 'LETTER' }),
  dayLetters: (on: string, id: string) => ({ gsi2pk: `LETTERS#${on}`, gsi2sk: id }),
  /**
   * INV-8: a parent's annual statements (one per child and location and year, its id starting with the
   * year), found by the parent (a release once arrears are paid) and by year (gsi2: STATEMENTS#year).
   */
  annualStatement: (parentId: string, id: string) => ({
    pk: `STATEMENTS#${parentId}`,
    sk: `STATEMENT#${id}`,
  }),
  yearStatements: (year: number, parentId: string, id: string) => ({
    gsi2pk: `STATEMENTS#${year}`,
    gsi2sk: `${parentId}#${id}`,
  }),
  /** INV-8: the last year whose statements the January job issued. */
  annualStatementsSchedule: () => ({ pk: 'SCHEDULE#annual-statements', sk: 'SCHEDULE' }),
  /**
   * KLA-1: a form submission as the provider posted it that did not become a new complaint (by the hash of
   * its body, kept once; a new complaint carries its raw submission itself); the complaint, listed by day
   * (gsi2: COMPLAINTS, day#id).
   */
  submission: (provider: string, hash: string) => ({
    pk: `SUBMISSION#${provider}#${hash}`,
    sk: 'SUBMISSION',
  }),
  complaint: (id: string) => ({ pk: `COMPLAINT#${id}`, sk: 'COMPLAINT' }),
  complaintsByDay: (submittedOn: string, id: string) => ({
    gsi2pk: 'COMPLAINTS',
    gsi2sk: `${submittedOn}#${id}`,
  }),
  byParent: (parentId: string, kind: 'OFFER' | 'CONTRACT' | 'INVOICE', id: string) => ({
    gsi1pk: `PARENT#${parentId}`,
    gsi1sk: `${kind}#${id}`,
  }),
};

/** Deterministic workflow execution names: starting one twice is "already done" (ExecutionAlreadyExists). */
export const executionNames = {
  offer: (offerId: string) => `offer-${offerId}`,
  /** One execution per attempt (counted on the run's record): a failed month can be run again (issue 8 item 5). */
  invoiceRun: (month: string, attempt = 1) => `invoice-run-${month}-${attempt}`,
  priceChange: (from: string) => `price-change-${from}`,
  priceChangeWithdrawn: (from: string) => `price-change-withdrawn-${from}`,
  /** One per time the invoice is found unpaid: paid and returned again, it is dunned again. */
  dunning: (invoice: string, foundUnpaidOn: string) => `dunning-${invoice}-${foundUnpaidOn}`,
  /** KLA-2..7: one per complaint. */
  complaint: (id: string) => `complaint-${id}`,
};
