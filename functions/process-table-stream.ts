import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { invoiceEmail, invoicePdf } from '#shared/invoice-document.ts';
import type { InvoiceRecord } from '#shared/invoices.ts';
import { executionNames } from '#shared/keys.ts';
import { policyNamed } from '#shared/policy.ts';
import { environment } from './adapters/environment.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { getParent } from './adapters/store.ts';
import { startExecutionOnce } from './adapters/workflows.ts';

/**
 * The table's stream: records that start a process start it. An offer starts its workflow, under a
 * deterministic name so that a redelivered record starts nothing twice; a new invoice is e-mailed with
 * its PDF (INV-5), once. Failures are reported per record (by sequence number).
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** INV-5: the invoice goes out the day it is issued, at least 2 working days before the debit. */
async function sendInvoice(invoice: InvoiceRecord): Promise<void> {
  const parent = await getParent(invoice.parentId);
  if (!parent) throw new Error(`parent ${invoice.parentId} not found`);
  const email = invoiceEmail(parent, invoice);
  const pdf = await invoicePdf(parent, invoice, policyNamed(environment.policyName()));
  await sendEmailOnce({
    ...email,
    attachments: [
      { filename: `factuur-${invoice.number}.pdf`, contentType: 'application/pdf', content: pdf },
    ],
  });
}

export async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (!image || record.eventName !== 'INSERT') return;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.type === 'offer')
    await startExecutionOnce(environment.offerStateMachineArn(), executionNames.offer(item.id), {
      offerId: item.id,
    });
  else if (item.type === 'invoice') await sendInvoice(item as InvoiceRecord);
  else if (item.type === 'tariff')
    // TAR-6: a new tariff version is announced to the parents it touches.
    await startExecutionOnce(
      environment.priceChangeStateMachineArn(),
      executionNames.priceChange(item.from),
      {
        from: item.from,
        progress: { page: 0, cursor: null, done: false, announced: 0 },
      },
    );
}

export const handler = (event: DynamoDBStreamEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context, throwOnFullBatchFailure: false });
