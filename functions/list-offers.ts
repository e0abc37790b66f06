import { z } from 'zod';
import type { OfferRecord } from '#shared/records.ts';
import { describeIssues } from '#shared/records.ts';
import { mayReachLocation, sameLocation } from '#shared/staff/roles.ts';
import { callerOf } from './adapters/caller.ts';
import { HttpError, httpHandler, json } from './adapters/http.ts';
import { pageOf, parentNames } from './adapters/listing.ts';

const query = z.strictObject({
  location: z.string().trim().min(1, 'must not be empty').max(100).optional(),
  status: z
    .enum(['offered', 'accepted', 'lapsed'], { message: 'must be offered, accepted or lapsed' })
    .optional(),
  after: z.string().max(2000).optional(),
});

/**
 * GET /offers[?status=offered|accepted|lapsed][&location=][&after=cursor] (staff, issue 13): offers newest
 * first, each with the day it lapses (CON-2), a page of 50; a location manager's own location only.
 */
export const handler = httpHandler(async (event) => {
  const parsed = query.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success)
    throw new HttpError(400, { error: 'invalid request', issues: describeIssues(parsed.error) });
  const { location, status, after } = parsed.data;
  const caller = callerOf(event);
  const page = await pageOf<OfferRecord>(
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :all',
      ExpressionAttributeValues: { ':all': 'OFFERS' },
      ScanIndexForward: false,
    },
    after,
    (o) =>
      mayReachLocation(caller, o.location) &&
      (!location || sameLocation(location, o.location)) &&
      (!status || o.status === status),
  );
  const names = await parentNames(page.items.map((o) => o.parentId));
  return json(200, {
    offers: page.items.map((o) => ({
      id: o.id,
      parent: o.parentId,
      parentName: names.get(o.parentId) ?? '',
      childName: o.child.name,
      location: o.location,
      product: o.product,
      start: o.start,
      status: o.status,
      offeredOn: o.offeredOn,
      lapsesOn: o.lapsesOn,
      ...(o.acceptedOn ? { acceptedOn: o.acceptedOn, contract: o.contractId } : {}),
    })),
    ...(page.next ? { next: page.next } : {}),
  });
});
