import { z } from 'zod';
import type { InvoiceRecord } from '#shared/invoices.ts';
import { httpHandler, json, monthParameter, parseQuery } from './adapters/http.ts';
import { listQuery, pageOf, parentNames } from './adapters/listing.ts';

const query = z.strictObject({
  month: z.string().optional(),
  status: z
    .enum(['open', 'paid', 'in-dunning', 'plan', 'handed-over', 'written-off', 'void'], {
      message: 'must be open, paid, in-dunning, plan, handed-over, written-off or void',
    })
    .optional(),
  after: listQuery.after,
});

/**
 * GET /invoices?month=YYYY-MM[&status=][&after=cursor] (finance, issue 13): the month's invoices in parent
 * order with what is paid of each, a page of 50 with the cursor of the next.
 */
export const handler = httpHandler(async (event) => {
  const given = parseQuery(event, query);
  const month = monthParameter(given.month);
  const { status, after } = given;
  const page = await pageOf<InvoiceRecord>(
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :month',
      ExpressionAttributeValues: { ':month': `INVOICES#${month}` },
    },
    after,
    (i) => !status || i.status === status,
  );
  const names = await parentNames(page.items.map((i) => i.parentId));
  return json(200, {
    invoices: page.items.map((i) => ({
      number: i.number,
      parent: i.parentId,
      parentName: names.get(i.parentId) ?? '',
      month: i.month,
      issuedOn: i.issuedOn,
      debitOn: i.debitOn,
      total: i.total,
      paid: i.paid,
      status: i.status,
      ...(i.dispute ? { disputed: true } : {}),
    })),
    ...(page.next ? { next: page.next } : {}),
  });
});
