import { z } from 'zod';
import type { ContractRecord } from '#shared/records.ts';
import { describeIssues } from '#shared/records.ts';
import { mayReachLocation, sameLocation } from '#shared/staff/roles.ts';
import { callerOf } from './adapters/caller.ts';
import { HttpError, httpHandler, json } from './adapters/http.ts';
import { pageOf, parentNames } from './adapters/listing.ts';

const query = z.strictObject({
  location: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  status: z
    .enum(['active', 'ended', 'terminated', 'cancelled'], {
      message: 'must be active, ended, terminated or cancelled',
    })
    .optional(),
  after: z.string().max(2000).optional(),
});

/**
 * GET /contracts[?location=][&status=][&after=cursor] (staff, issue 13): contracts in parent order, a page
 * of 50 with the cursor of the next; a location manager's own location only, whatever they ask for.
 */
export const handler = httpHandler(async (event) => {
  const parsed = query.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success)
    throw new HttpError(400, { error: 'invalid request', issues: describeIssues(parsed.error) });
  const { location, status, after } = parsed.data;
  const caller = callerOf(event);
  const page = await pageOf<ContractRecord>(
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :all',
      ExpressionAttributeValues: { ':all': 'CONTRACTS' },
    },
    after,
    (c) =>
      mayReachLocation(caller, c.location) &&
      (!location || sameLocation(location, c.location)) &&
      (!status || c.status === status),
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
