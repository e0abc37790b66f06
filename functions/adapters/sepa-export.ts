import type { InvoiceRecord, SkippedParent } from '#shared/invoices.ts';
import { addMonths, debitDate } from '#shared/invoicing.ts';
import { decimalAmount } from '#shared/money.ts';
import type { Policy } from '#shared/policy.ts';
import type { ParentRecord } from '#shared/records.ts';
import { type Collection, collectionProblem, pain008 } from '#shared/sepa.ts';
import { writeExport } from './exports.ts';
import {
  invoicesOf,
  listedParents,
  monthInvoices,
  parentsById,
  recordSepaExport,
  type SepaBatchSummary,
  sepaExports,
} from './invoice-store.ts';
import { recordFailure } from './task-store.ts';

/** Up to this many invoices to collect, the export reads their parents and last month's invoices one by one. */
const FEW = 200;

/**
 * The SEPA batch files of a month (INV-6), one per collection date, for the dates that have none yet: a
 * batch once written is never written again, so the supplementary pass of a late contract (a later date)
 * cannot change a file that may have gone to the bank. A debtor who cannot be collected (no IBAN or
 * mandate, or refused by the SEPA format) is left out and reported; the rest of the batch goes.
 * Written again after a crash, a file is the same: its message id and creation time are given, FRST/RCUR
 * come from last month's invoices. Returns the batches written now.
 */
export async function exportSepaBatches(
  month: string,
  created: Date,
  policy: Policy,
): Promise<SepaBatchSummary[]> {
  const previousMonth = addMonths(month, -1);
  const [current, exported] = await Promise.all([
    monthInvoices(month, ['parentId', 'number', 'total', 'paid', 'debitOn', 'status', 'collect']),
    sepaExports(month),
  ]);
  const done = new Set(exported.map((e) => e.collection));
  const invoices = current.filter(
    (i) => i.status === 'open' && i.total - (i.paid ?? 0) > 0 && !done.has(i.debitOn),
  );
  if (!invoices.length) return [];
  const debtors = [...new Set(invoices.map((i) => i.parentId))];
  const [parents, previous] = await Promise.all([
    debtorsById(debtors),
    debtors.length <= FEW
      ? invoicesOf(debtors, previousMonth, ['parentId', 'total'])
      : monthInvoices(previousMonth, ['parentId', 'total']),
  ]);
  // INV-6: RCUR when the same mandate was collected last month, FRST otherwise. Read from last month's
  // invoices, so that writing the file again gives the same file and nothing is written per mandate.
  const collectedLastMonth = new Set(previous.filter((i) => i.total > 0).map((i) => i.parentId));
  const previousDebit = debitDate(previousMonth);
  const byDate = new Map<string, { collections: Collection[]; excluded: SkippedParent[] }>();
  for (const invoice of invoices.sort((a, b) => a.number.localeCompare(b.number))) {
    const batch = byDate.get(invoice.debitOn) ?? { collections: [], excluded: [] };
    byDate.set(invoice.debitOn, batch);
    const parent = parents.get(invoice.parentId);
    // An invoice whose parent was told to transfer (issue 8 item 6) is never collected, whatever the
    // parent's mandate is now; it is listed with the reason, like any debtor left out.
    const problem =
      (parent ? collectionProblem(parent.iban, parent.mandate) : 'parent not found') ??
      (invoice.collect === 'transfer'
        ? 'pays by transfer: there was no valid IBAN and mandate when the invoice was issued'
        : undefined);
    if (problem || !parent?.iban || !parent.mandate) {
      batch.excluded.push({ parent: invoice.parentId, reason: problem ?? 'no mandate' });
      continue;
    }
    const debtor = { id: parent.id, name: parent.name, iban: parent.iban, mandate: parent.mandate };
    const first = !collectedLastMonth.has(parent.id) || parent.mandate.signed >= previousDebit;
    batch.collections.push(collectionOf(month, invoice, debtor, first ? 'FRST' : 'RCUR'));
  }
  const written: SepaBatchSummary[] = [];
  for (const [collection, batch] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) {
    const file = pain008({
      messageId: `OPVANG-${month}-${collection}`,
      created,
      collectionDate: collection,
      creditor: policy.creditor,
      collections: batch.collections,
    });
    const excluded = [
      ...batch.excluded,
      ...file.refused.map((r) => ({ parent: r.collection.parentId, reason: r.reason })),
    ].sort((a, b) => a.parent.localeCompare(b.parent));
    const total = file.collected.reduce((sum, c) => sum + c.amount, 0);
    const summary: SepaBatchSummary = {
      collection,
      transactions: file.collected.length,
      total,
      file: file.xml
        ? await writeExport(`sepa/${month}/pain.008-${collection}.xml`, file.xml, 'application/xml')
        : '',
      excluded,
    };
    if (await recordSepaExport(month, summary, { totalText: decimalAmount(total) })) {
      written.push(summary);
      // A debtor left out of a batch is a staff task: their invoice promised a debit that does not come.
      for (const left of excluded)
        await recordFailure({
          what: 'sepa',
          subject: `${month}#${left.parent}`,
          error: `left out of the direct debit of ${collection}: ${left.reason}`,
          parentId: left.parent,
          month,
        });
    }
  }
  return written;
}

function collectionOf(
  month: string,
  invoice: InvoiceRecord,
  parent: { id: string; name: string; iban: string; mandate: NonNullable<ParentRecord['mandate']> },
  sequence: Collection['sequence'],
): Collection {
  return {
    parentId: parent.id,
    endToEndId: invoice.number,
    debtorName: parent.name,
    iban: parent.iban,
    mandateId: parent.mandate.id,
    mandateSigned: parent.mandate.signed,
    // DUN-7: what was paid already (a transfer before the debit date) is not collected again.
    amount: invoice.total - (invoice.paid ?? 0),
    sequence,
    remittance: `Factuur ${invoice.number} kinderopvang ${month}`,
  };
}

/** The debtors with what a collection needs: a few by key, many from the parents index in one range. */
async function debtorsById(parentIds: string[]): Promise<Map<string, ParentRecord>> {
  if (parentIds.length <= FEW)
    return new Map((await parentsById(parentIds)).map((parent) => [parent.id, parent]));
  const parents = await listedParents();
  // Parents stored before the index are not listed: read those by key.
  const unlisted = parentIds.filter((id) => !parents.has(id));
  for (const parent of await parentsById(unlisted)) parents.set(parent.id, parent);
  return parents;
}
