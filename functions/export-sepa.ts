import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { addMonths, debitDate } from '#shared/invoicing.ts';
import { keys } from '#shared/keys.ts';
import { decimalAmount } from '#shared/money.ts';
import { type Collection, collectionProblem, pain008 } from '#shared/sepa.ts';
import { dynamo } from './adapters/clients.ts';
import { environment } from './adapters/environment.ts';
import { writeExport } from './adapters/exports.ts';
import {
  getRun,
  listedParents,
  monthInvoices,
  parentsById,
  type RunSummary,
} from './adapters/invoice-store.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { parseStepInput, runStep } from './adapters/step-input.ts';

/**
 * Invoice run: the SEPA batch files (INV-6), one per collection date. A parent whose IBAN or mandate is
 * missing or invalid is left out and reported; the rest of the batch goes on. Running it again writes the
 * same file: the message id and creation time come from the run, FRST/RCUR from last month's invoices.
 */
export async function handler(input: unknown): Promise<{ files: number }> {
  const { month } = parseStepInput(runStep, input);
  const policy = await loadPolicy();
  const run = await getRun(month);
  if (!run) throw new Error(`invoice run ${month} not found`);
  const previousMonth = addMonths(month, -1);
  // Three independent reads at once: this month's invoices, last month's, and the parents.
  const [current, previous, parents] = await Promise.all([
    monthInvoices(month, ['parentId', 'number', 'total', 'debitOn', 'status']),
    monthInvoices(previousMonth, ['parentId', 'total']),
    listedParents(),
  ]);
  const invoices = current.filter((i) => i.status === 'open' && i.total > 0);
  const unlisted = [...new Set(invoices.map((i) => i.parentId))].filter((id) => !parents.has(id));
  for (const parent of await parentsById(unlisted)) parents.set(parent.id, parent);
  // INV-6: RCUR when the same mandate was collected last month, FRST otherwise. Read from last month's
  // invoices, so that writing the file again gives the same file and nothing is written per mandate.
  const collectedLastMonth = new Set(previous.filter((i) => i.total > 0).map((i) => i.parentId));
  const previousDebit = debitDate(previousMonth);
  const byDate = new Map<
    string,
    { collections: Collection[]; excluded: { parent: string; reason: string }[] }
  >();
  for (const invoice of invoices.sort((a, b) => a.number.localeCompare(b.number))) {
    const batch = byDate.get(invoice.debitOn) ?? { collections: [], excluded: [] };
    byDate.set(invoice.debitOn, batch);
    const parent = parents.get(invoice.parentId);
    const problem = parent ? collectionProblem(parent.iban, parent.mandate) : 'parent not found';
    if (problem || !parent?.iban || !parent.mandate) {
      batch.excluded.push({ parent: invoice.parentId, reason: problem ?? 'no mandate' });
      continue;
    }
    const first = !collectedLastMonth.has(parent.id) || parent.mandate.signed >= previousDebit;
    batch.collections.push({
      endToEndId: invoice.number,
      debtorName: parent.name,
      iban: parent.iban,
      mandateId: parent.mandate.id,
      mandateSigned: parent.mandate.signed,
      amount: invoice.total,
      sequence: first ? 'FRST' : 'RCUR',
      remittance: `Factuur ${invoice.number} kinderopvang ${month}`,
    });
  }
  const files: RunSummary['sepa'] = [];
  for (const [collection, batch] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) {
    const total = batch.collections.reduce((sum, c) => sum + c.amount, 0);
    let file = '';
    if (batch.collections.length) {
      const xml = pain008({
        messageId: `OPVANG-${month}-${collection}`,
        created: new Date(run.startedAt),
        collectionDate: collection,
        creditor: policy.creditor,
        collections: batch.collections,
      });
      file = await writeExport(`sepa/${month}/pain.008-${collection}.xml`, xml, 'application/xml');
    }
    const record = {
      collection,
      transactions: batch.collections.length,
      total,
      file,
      excluded: batch.excluded,
    };
    await dynamo().send(
      new PutCommand({
        TableName: environment.tableName(),
        Item: {
          ...keys.export(month, collection),
          type: 'sepa-export',
          month,
          totalText: decimalAmount(total),
          ...record,
        },
      }),
    );
    files.push(record);
  }
  return { files: files.length };
}
