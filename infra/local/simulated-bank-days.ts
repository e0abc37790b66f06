import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BankTransaction } from '#shared/bank-files/bank-file.ts';
import { type BatchCollection, type Pain008Batch, readPain008 } from '#shared/bank-files/pain008.ts';
import { readBankFile } from '#shared/bank-files/read-bank-file.ts';
import { isWorkingDay } from '#shared/calendar.ts';
import { addMonths, monthOf } from '#shared/invoicing.ts';
import type { Cents } from '#shared/money.ts';
import { bankEntryId, type ImportSummary } from '#shared/payments/bank-entries.ts';
import type { Policy } from '#shared/policy.ts';
import {
  type BankAccount,
  type CollectionBooking,
  camt053DayStatement,
  camt054Notification,
  type Party,
  pain002StatusReport,
  type RejectedCollection,
  type ReturnBooking,
  type StatementEntry,
  statementClosingBalance,
} from './simulated-bank.ts';

/**
 * The bank's side of `simulate` (issue 9 item 5): what the bank sends us day by day about our account,
 * built from what we sent it (our pain.008 batches, read back with `readPain008`) and the scenario's
 * parents, and imported through `POST /bank-files` as a user would import it. The batches reach the bank
 * as the files the system leaves in its exports store (`sepa/<month>/pain.008-<date>.xml`), the files
 * staff upload: the bank looks there, so a day on which nothing is booked costs it no request.
 *
 * - On a day with bookings, a day statement (camt.053.001.02): the collections of each batch whose
 *   collection date it is (INV-6; one batch entry per payment information block, the collections as
 *   details), the parents' transfers of that day, and the returns booked that day (INV-7; also announced
 *   by that day's camt.054, and recognised by the importer as the same booking). The statements run on
 *   from one opening balance to the next (`statementClosingBalance`).
 * - A collection that comes back on or after its collection date: a camt.054.001.02 notification of the
 *   day, with the return and its reason (INV-7).
 * - A collection refused before its collection date: a pain.002.001.03 status report on its batch with
 *   the reject (INV-7); the bank then leaves it out of the batch it books.
 */

/** The back office as the bank's files reach it: its API. */
export interface BackOffice {
  /** A GET of the API; undefined when it answers 404. */
  get(path: string): Promise<unknown>;
  /** POST /bank-files with the file as the body: the import summary. */
  importBankFile(xml: string): Promise<ImportSummary>;
}

/** A file the bank sent, as `--out` writes it: `camt.053-2027-03-01.xml` under `bank/`. */
export interface SentBankFile {
  on: string;
  name: string;
  xml: string;
}

/** Something the scenario asked that cannot happen, or a file of ours the back office did not recognise. */
export interface BankFailure {
  what: string;
  id: string;
  error: string;
}

export interface BankReturnRequest {
  parent: string;
  month: string;
  reason: string;
}

interface AccountView {
  invoices?: { number: string; month: string; status: string }[];
}

/** The local time at which the bank made a file: before it is imported, never in the future. */
const CREATED = { notification: '14:15:00', statusReport: '14:20:00', statement: '17:30:00' } as const;

export function ourBankAccount(policy: Policy): BankAccount {
  const { name, iban, bic, id } = policy.creditor;
  return { name, iban, bic, creditorId: id };
}

export function simulatedBankDays(options: {
  account: BankAccount;
  backOffice: BackOffice;
  /** The system's exports store, where its SEPA batches are left for the bank. */
  exportsDir: string;
  progress: (line: string) => void;
}) {
  const { account, backOffice, exportsDir, progress } = options;
  let statementSequence = 0;
  let notificationSequence = 0;
  /** Signed cents: the closing balance of the last statement, the opening of the next. */
  let balance: Cents = 0;
  const transfers = new Map<string, StatementEntry[]>();
  const returnsBooked = new Map<string, ReturnBooking[]>();
  /** Invoice numbers whose collection was refused before its date: not in the batch the bank books. */
  const rejected = new Set<string>();
  const batches = new Map<string, Pain008Batch>();
  const files: SentBankFile[] = [];
  const failures: BankFailure[] = [];

  /** Our batch as the bank received it. A batch once written is never rewritten (INV-6): read once. */
  function batchFile(file: string): Pain008Batch {
    let batch = batches.get(file);
    if (!batch) {
      batch = readPain008(readFileSync(file));
      batches.set(file, batch);
    }
    return batch;
  }

  /** The SEPA batches of a month's invoices that reached the bank, by collection date. */
  function batchesOf(month: string): Pain008Batch[] {
    const folder = path.join(exportsDir, 'sepa', month);
    if (!existsSync(folder)) return [];
    return readdirSync(folder)
      .filter((name) => /^pain\.008-\d{4}-\d{2}-\d{2}\.xml$/.test(name))
      .sort()
      .map((name) => batchFile(path.join(folder, name)))
      .filter((batch) => batch.collections.length > 0);
  }

  function fileName(prefix: string, on: string): string {
    const taken = files.filter((f) => f.name.startsWith(`${prefix}-${on}`)).length;
    return `${prefix}-${on}${taken ? `-${taken + 1}` : ''}.xml`;
  }

  async function send(prefix: string, on: string, xml: string): Promise<void> {
    const name = fileName(prefix, on);
    files.push({ on, name, xml });
    const summary = await backOffice.importBankFile(xml);
    const { booked, returned, unmatched, 'already-imported': before } = summary.outcome;
    progress(
      `${on}  bank: ${name} imported (${booked.transactions} booked, ${returned.transactions} returned, ${unmatched.transactions} to review, ${before.transactions} known already)`,
    );
    // A transfer the back office cannot place goes to the review list, as it should; a collection,
    // return or reject of our own batches that it does not recognise is a failure of the system.
    const byId = new Map<string, BankTransaction>(
      readBankFile(xml).transactions.map((t) => [bankEntryId(t), t]),
    );
    for (const entry of summary.unmatched) {
      const t = byId.get(entry.id);
      if (t?.kind === 'transfer') progress(`${on}  bank: a transfer on the review list: ${entry.note}`);
      else
        failures.push({
          what: 'bank file',
          id: name,
          error: `the ${t?.kind ?? 'entry'} of ${t?.endToEndId ?? entry.id} was not recognised: ${entry.note}`,
        });
    }
  }

  /** Where the parent's invoice for a month was collected, or why it was not. */
  async function collectionOf(
    request: BankReturnRequest,
  ): Promise<{ batch: Pain008Batch; collection: BatchCollection } | string> {
    const view = (await backOffice.get(`/parents/${request.parent}/account`)) as AccountView | undefined;
    const invoice = view?.invoices?.find((i) => i.month === request.month && i.status !== 'void');
    if (!invoice) return `${request.parent} has no invoice for ${request.month}`;
    for (const batch of batchesOf(request.month)) {
      const collection = batch.collections.find((c) => c.endToEndId === invoice.number);
      if (collection) return { batch, collection };
    }
    return `invoice ${invoice.number} of ${request.parent} for ${request.month} is in no SEPA batch: it was not collected`;
  }

  return {
    files,
    failures,

    /** A parent's transfer to our account, booked on the statement of `on`. */
    transfer(on: string, payer: Party, amount: Cents, remittance: string): void {
      transfers.set(on, [...(transfers.get(on) ?? []), { kind: 'transfer', amount, payer, remittance }]);
    },

    /**
     * INV-7: the collections that come back on `on`. Before its collection date the bank refuses it (a
     * pain.002 per batch); from that date on it is returned (one camt.054 for the day). A request for an
     * invoice that was never collected is a failure with its reason, as the scenario cannot happen.
     */
    async sendReturns(on: string, requests: BankReturnRequest[]): Promise<void> {
      const returns: ReturnBooking[] = [];
      const rejects = new Map<string, { batch: Pain008Batch; rejects: RejectedCollection[] }>();
      for (const request of requests) {
        const found = await collectionOf(request);
        if (typeof found === 'string') {
          failures.push({ what: 'bank-return', id: `${request.parent} ${request.month}`, error: found });
          continue;
        }
        const { batch, collection } = found;
        const common = {
          amount: collection.amount,
          endToEndId: collection.endToEndId,
          mandateId: collection.mandateId,
          reason: request.reason,
          debtor: collection.debtor,
        };
        if (on >= collection.collectionDate) {
          returns.push({ kind: 'return', ...common });
          continue;
        }
        rejected.add(collection.endToEndId);
        const entry = rejects.get(batch.messageId) ?? { batch, rejects: [] };
        entry.rejects.push({
          ...common,
          paymentInformationId: collection.paymentInformationId,
          mandateSigned: collection.mandateSigned,
          ...(collection.sequence === 'FRST' || collection.sequence === 'RCUR'
            ? { sequenceType: collection.sequence }
            : {}),
        });
        rejects.set(batch.messageId, entry);
      }
      if (returns.length) {
        notificationSequence += 1;
        returnsBooked.set(on, [...(returnsBooked.get(on) ?? []), ...returns]);
        await send(
          'camt.054',
          on,
          camt054Notification({
            account,
            date: on,
            sequence: notificationSequence,
            returns,
            created: `${on}T${CREATED.notification}`,
          }),
        );
      }
      for (const { batch, rejects: refused } of rejects.values()) {
        const first = batch.collections[0] as BatchCollection;
        await send(
          'pain.002',
          on,
          pain002StatusReport({
            account,
            date: on,
            originalMessageId: batch.messageId,
            originalPaymentInformationId: first.paymentInformationId,
            collectionDate: first.collectionDate,
            rejects: refused,
            originalTransactions: batch.transactions,
            originalSum: batch.controlSum,
            created: `${on}T${CREATED.statusReport}`,
          }),
        );
      }
    },

    /**
     * The day statement of `date`, when anything was booked: the batches collected that day (INV-6, less
     * what was refused before), the day's transfers and returns. A day without bookings sends nothing.
     */
    async closeDay(date: string): Promise<void> {
      const collections: CollectionBooking[] = [];
      const month = monthOf(date);
      // INV-5: a collection date is a working day, in its invoice's month or, for an invoice issued late,
      // the next one; never in the month before.
      const months = isWorkingDay(date) ? [addMonths(month, -1), month] : [];
      for (const m of months)
        for (const batch of batchesOf(m)) {
          const blocks = new Map<string, BatchCollection[]>();
          for (const c of batch.collections)
            if (c.collectionDate === date && !rejected.has(c.endToEndId))
              blocks.set(c.paymentInformationId, [...(blocks.get(c.paymentInformationId) ?? []), c]);
          for (const [paymentInformationId, listed] of blocks)
            collections.push({
              kind: 'collection',
              paymentInformationId,
              messageId: batch.messageId,
              collectionDate: date,
              transactions: listed.map((c) => ({
                endToEndId: c.endToEndId,
                mandateId: c.mandateId,
                amount: c.amount,
                debtor: c.debtor,
              })),
            });
        }
      const entries: StatementEntry[] = [
        ...collections,
        ...(transfers.get(date) ?? []),
        ...(returnsBooked.get(date) ?? []),
      ];
      if (!entries.length) return;
      statementSequence += 1;
      const xml = camt053DayStatement({
        account,
        date,
        sequence: statementSequence,
        openingBalance: balance,
        entries,
        created: `${date}T${CREATED.statement}`,
      });
      balance = statementClosingBalance(balance, entries);
      await send('camt.053', date, xml);
    },
  };
}

export type SimulatedBankDays = ReturnType<typeof simulatedBankDays>;
