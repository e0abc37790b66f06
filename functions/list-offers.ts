import { z } from 'zod';
import type { OfferRecord } from '#shared/records.ts';
import { callerOf } from './adapters/caller.ts';
import { httpHandler, json, parseQuery } from './adapters/http.ts';
import { inLocation, listQuery, pageOf, parentNames } from './adapters/listing.ts';

const query = z.strictObject({
  location: listQuery.location,
  status: z
    .enum(['offered', 'accepted', 'lapsed'], { message: 'must be offered, accepted or lapsed' })
    .optional(),
  after: listQuery.after,
});

/**
 * GET /offers[?status=offered|accepted|lapsed][&location=][&after=cursor] (staff, issue 13): offers newest
 * first, each with the day it lapses (CON-2), a page of 50; a location manager's own location only.
 */
export const handler = httpHandler(async (event) => {
  const { location, status, after } = parseQuery(event, query);
  const caller = callerOf(event);
  const page = await pageOf<OfferRecord>(
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :all',
      ExpressionAttributeValues: { ':all': 'OFFERS' },
      ScanIndexForward: false,
    },
    after,
    (o) => inLocation(caller, location, o.location) && (!status || o.status === status),
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
