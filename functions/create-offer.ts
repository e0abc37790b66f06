import { randomUUID } from 'node:crypto';
import { startOfDate, today } from '#shared/clock.ts';
import { offerLapsesOn } from '#shared/contract-dates.ts';
import { policyNamed } from '#shared/policy.ts';
import { careTermsOf, type OfferRecord, offerInput, type ParentRecord } from '#shared/records.ts';
import { refuseOtherLocation } from './adapters/caller.ts';
import { environment } from './adapters/environment.ts';
import { HttpError, httpHandler, json, parseJsonBody } from './adapters/http.ts';
import {
  ConflictError,
  createOffer,
  getOffer,
  NotFoundError,
  ParentConflictError,
} from './adapters/store.ts';

/** POST /offers (admin): stores an offer for a parent and child (CON-1); the stream starts its workflow (CON-2). */
export const handler = httpHandler(async (event) => {
  const input = parseJsonBody(event, offerInput);
  refuseOtherLocation(event, input.location, 'an offer');
  const offeredOn = today();
  if (input.start < offeredOn)
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: 'start', problem: 'must not be in the past' }],
    });

  const parent: ParentRecord | undefined =
    typeof input.parent === 'string'
      ? undefined
      : { type: 'parent', ...input.parent, id: input.parent.id ?? `p-${randomUUID().slice(0, 8)}` };
  const parentId = typeof input.parent === 'string' ? input.parent : (parent as ParentRecord).id;
  const id = input.id ?? `o-${randomUUID().slice(0, 8)}`;
  const lapsesOn = offerLapsesOn(offeredOn, policyNamed(environment.policyName()));
  const offer: OfferRecord = {
    type: 'offer',
    id,
    parentId,
    ...careTermsOf(input),
    status: 'offered',
    offeredOn,
    lapsesOn,
    expiresAt: startOfDate(lapsesOn).toISOString(),
    contractId: `c-${id}`,
  };
  try {
    await createOffer(offer, parent);
  } catch (error) {
    if (error instanceof ParentConflictError)
      throw new HttpError(409, { error: 'conflict', issues: [{ field: 'parent', problem: error.message }] });
    if (error instanceof NotFoundError)
      throw new HttpError(422, {
        error: 'unknown parent',
        issues: [{ field: 'parent', problem: error.message }],
      });
    if (error instanceof ConflictError) {
      // A retried POST with the same offer is answered as the first one was; a different offer under the id is not.
      const existing = await getOffer(id);
      if (
        existing &&
        existing.parentId === parentId &&
        existing.child.name === offer.child.name &&
        existing.start === offer.start
      )
        return json(200, { offer: publicOffer(existing) });
      throw new HttpError(409, { error: 'conflict', issues: [{ field: 'id', problem: error.message }] });
    }
    throw error;
  }
  return json(201, { offer: publicOffer(offer) });
});

export function publicOffer(offer: OfferRecord): Omit<OfferRecord, 'taskToken'> {
  const { taskToken: _token, ...rest } = offer;
  return rest;
}
