import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { today } from '#shared/clock.ts';
import { invoicePdf } from '#shared/invoice-document.ts';
import { executionNames } from '#shared/keys.ts';
import { invoiceEmail } from '#shared/messages/invoice.ts';
import { policyNamed } from '#shared/policy.ts';
import { environment } from './adapters/environment.ts';
import { noteLateContract } from './adapters/late-contracts.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { getInvoice, getParent } from './adapters/store.ts';
import { recordFailure } from './adapters/task-store.ts';
import { startExecutionOnce } from './adapters/workflows.ts';
import { wakeCases } from './dunning/dunning-store.ts';
import { type ParentAccount, projectAccount } from './payments/account-store.ts';

/**
 * The table's stream: records that start a process start it. An offer starts its workflow, under a
 * deterministic name so that a redelivered record starts nothing twice; a new invoice is e-mailed with
 * its PDF (INV-5), once. Failures are reported per record (by sequence number).
 *
 * Only the few attributes a record is acted on by are read from the stream image, as plain strings: the
 * image is not unmarshalled whole (DynamoDB Local writes an empty map as `{}`, which `unmarshall` rejects,
 * and a record this handler ignores must never fail it). What is acted on is read from the table.
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

function text(image: Image, name: string): string | undefined {
  return image[name]?.S;
}

/** INV-5: the invoice goes out the day it is issued, at least 2 working days before the debit. */
async function sendInvoice(parentId: string, month: string, owner: string): Promise<void> {
  const invoice = await getInvoice(parentId, month);
  if (!invoice) throw new Error(`invoice ${parentId}#${month} not found`);
  const parent = await getParent(invoice.parentId);
  if (!parent) throw new Error(`parent ${invoice.parentId} not found`);
  const email = invoiceEmail(parent, invoice, policyNamed(environment.policyName()));
  let pdf: Uint8Array;
  try {
    pdf = await invoicePdf(parent, invoice, policyNamed(environment.policyName()));
  } catch (error) {
    // The same invoice renders the same way every time: retrying cannot help, staff must.
    await recordFailure({
      what: 'e-mail',
      subject: `${email.kind}#${email.ref}`,
      error: `the invoice PDF could not be made: ${(error as Error).message}`,
      parentId: parent.id,
      month,
    });
    return;
  }
  await sendEmailOnce(
    {
      ...email,
      attachments: [
        { filename: `factuur-${invoice.number}.pdf`, contentType: 'application/pdf', content: pdf },
      ],
    },
    { parentId: parent.id, month, owner },
  );
}

/**
 * Issue 10: an invoice found unpaid (DUN-1: at the end of its due date, or by a return) starts its
 * dunning; money coming in wakes every waiting case of the parent at once, which then re-reads the
 * account (DUN-10: a cleared debt ends it before its next letter).
 */
async function dunningAfter(
  account: ParentAccount,
  kind: string | undefined,
  invoice: string | undefined,
  on: string | undefined,
): Promise<void> {
  if ((kind === 'found-unpaid' || kind === 'return' || kind === 'reject') && invoice && on) {
    const balance = account.invoices.find((b) => b.number === invoice);
    if (balance && balance.balance > 0 && balance.foundUnpaidOn === on)
      await startExecutionOnce(environment.dunningStateMachineArn(), executionNames.dunning(invoice, on), {
        invoice,
        foundUnpaidOn: on,
      });
  }
  if (kind !== 'payment' && kind !== 'collection') return;
  await wakeCases(account.records, 'payment');
}

export async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (!image) return;
  const type = text(image, 'type');
  const owner = `stream:${record.dynamodb?.SequenceNumber ?? ''}`;
  // INV-4: a void invoice (a reserved number nobody pays) is never e-mailed; when an earlier attempt's real
  // invoice takes its place, that one is (the same e-mail, once).
  const isInvoice = type === 'invoice' && text(image, 'status') !== 'void';
  const wasVoid = record.dynamodb?.OldImage?.status?.S === 'void';
  if (isInvoice && (record.eventName === 'INSERT' || (record.eventName === 'MODIFY' && wasVoid))) {
    const [parentId, month] = [text(image, 'parentId'), text(image, 'month')];
    if (!parentId || !month) throw new Error('invoice record without parent or month');
    await sendInvoice(parentId, month, owner);
    // DUN-7: an invoice with a credit line used the parent's credit: the account's credit goes down.
    const lines = image.lines?.L ?? [];
    if (lines.some((line) => line.M?.kind?.S === 'credit')) await projectAccount(parentId);
    return;
  }
  if (record.eventName === 'MODIFY') {
    // TAR-6: a version withdrawn before it took effect is withdrawn to the parents told of it.
    const withdrawn =
      type === 'tariff' && text(image, 'withdrawnOn') && !record.dynamodb?.OldImage?.withdrawnOn;
    const from = text(image, 'from');
    if (withdrawn && from)
      await startExecutionOnce(
        environment.priceChangeStateMachineArn(),
        executionNames.priceChangeWithdrawn(from),
        { from, withdrawn: true, progress: { page: 0, cursor: null, done: false, announced: 0 } },
      );
    return;
  }
  if (record.eventName !== 'INSERT') return;
  if (type === 'account-entry') {
    // Issue 9 item 1: what the account derives (an invoice paid, re-opened, found unpaid; the credit) is
    // written back to the invoices and the parent's summary.
    const parentId = text(image, 'parentId');
    if (!parentId) throw new Error('account entry without parent');
    const account = await projectAccount(parentId);
    await dunningAfter(account, text(image, 'kind'), text(image, 'invoice'), text(image, 'on'));
  } else if (type === 'offer') {
    const id = text(image, 'id');
    if (!id) throw new Error('offer record without id');
    await startExecutionOnce(environment.offerStateMachineArn(), executionNames.offer(id), { offerId: id });
  } else if (type === 'contract') {
    // INV-5: a contract that arrives after its first month's run is billed by the next morning's pass.
    const [id, parentId, start] = [text(image, 'id'), text(image, 'parentId'), text(image, 'start')];
    if (!id || !parentId || !start) throw new Error('contract record without id, parent or start');
    await noteLateContract({ id, parentId, start }, today());
  } else if (type === 'complaint') {
    // KLA-2..7: each complaint its own procedure, started once.
    const id = text(image, 'id');
    if (!id) throw new Error('complaint record without id');
    await startExecutionOnce(environment.complaintStateMachineArn(), executionNames.complaint(id), {
      complaint: id,
    });
  } else if (type === 'tariff') {
    // TAR-6: a new tariff version is announced to the parents it touches.
    const from = text(image, 'from');
    if (!from) throw new Error('tariff record without from');
    await startExecutionOnce(environment.priceChangeStateMachineArn(), executionNames.priceChange(from), {
      from,
      withdrawn: false,
      progress: { page: 0, cursor: null, done: false, announced: 0 },
    });
  }
}

export const handler = (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
