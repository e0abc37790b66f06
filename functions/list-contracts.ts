import { z } from 'zod';
import type { ContractRecord } from '#shared/records.ts';
import { callerOf } from './adapters/caller.ts';
import { httpHandler, json, parseQuery } from './adapters/http.ts';
import { inLocation, listQuery, pageOf, parentNames } from './adapters/listing.ts';

const query = z.strictObject({
  location: listQuery.location,
  status: z
    .enum(['active', 'ended', 'terminated', 'cancelled'], {
      message: 'must be active, ended, terminated or cancelled',
    })
    .optional(),
  after: listQuery.after,
});

/**
 * GET /contracts[?location=][&status=][&after=cursor] (staff, issue 13): contracts in parent order, a page
 * of 50 with the cursor of the next; a location manager's own location only, whatever they ask for.
 */
export const handler = httpHandler(async (event) => {
  const { location, status, after } = parseQuery(event, query);
  const caller = callerOf(event);
  const page = await pageOf<ContractRecord>(
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :all',
      ExpressionAttributeValues: { ':all': 'CONTRACTS' },
    },
    after,
    (c) => inLocation(caller, location, c.location) && (!status || c.status === status),
  );
  const names = await parentNames(page.items.map((c) => c.parentId));
  return json(200, {
    contracts: page.items.map((c) => ({
      id: c.id,
      parent: c.parentId,
      parentName: names.get(c.parentId) ?? '',
      childName: c.child.name,
      location: c.location,
      product: c.product,
      status: c.status === 'active' && c.suspension ? 'suspended' : c.status,
      start: c.start,
      end: c.end,
    })),
    ...(page.next ? { next: page.next } : {}),
  });
});
