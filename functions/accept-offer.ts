import { today } from '#shared/clock.ts';
import { acceptOfferInput, type OfferRecord } from '#shared/records.ts';
import { refuseOtherLocation } from './adapters/caller.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from './adapters/http.ts';
import { acceptOffer, getContract, getOffer } from './adapters/store.ts';
import { resumeTask } from './adapters/workflows.ts';
import { publicOffer } from './create-offer.ts';

/**
 * POST /offers/{id}/accept (admin): the parent accepted (CON-2). The acceptance is stored first, then the
 * waiting workflow is resumed. When it cannot be told, the request fails (503) and may be repeated: a
 * repeated acceptance resumes the workflow again, so the contract never waits for the offer's deadline.
 */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const body = parseJsonBody(event, acceptOfferInput);
  const existing = await getOffer(id);
  if (!existing)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'id', problem: `offer ${id} not found` }],
    });
  refuseOtherLocation(event, existing.location, `offer ${id}`);
  const contractId = body.contractId ?? existing.contractId;
  // Issue 7 item 7: the contract of this child is a new one; an id taken by another contract is refused.
  const taken = existing.status === 'offered' ? await getContract(contractId) : undefined;
  if (taken && taken.offerId !== existing.id)
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'contractId', problem: `contract ${contractId} exists already` }],
    });
  const on = today();
  let accepted = await acceptOffer(id, contractId, on);
  if (!accepted) {
    const current = (await getOffer(id)) ?? existing;
    if (current.status !== 'accepted')
      throw new HttpError(409, {
        error: 'offer lapsed',
        issues: [
          { field: 'id', problem: `offer ${id} lapsed on ${current.lapsesOn} and can no longer be accepted` },
        ],
      });
    if (body.contractId && body.contractId !== current.contractId)
      throw new HttpError(409, {
        error: 'conflict',
        issues: [
          { field: 'contractId', problem: `offer ${id} was accepted as contract ${current.contractId}` },
        ],
      });
    accepted = current;
  }
  await resumeWorkflow(accepted);
  return json(200, { offer: publicOffer(accepted) });
});

/** Tells the waiting offer workflow; a token that is used already means it was told before. */
async function resumeWorkflow(offer: OfferRecord): Promise<void> {
  if (!offer.taskToken) return; // the workflow is not waiting yet: it finds the acceptance when it does
  try {
    await resumeTask(offer.taskToken, { contractId: offer.contractId });
  } catch (error) {
    const name = (error as Error).name;
    if (['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken'].includes(name)) return;
    // Issue 7 item 9: never a silent wait until the deadline. The acceptance is stored; a retry resumes.
    throw new HttpError(503, {
      error: 'try again',
      issues: [
        {
          field: 'id',
          problem: `offer ${offer.id} is accepted, but its workflow could not be told (${name}): repeat the request`,
        },
      ],
    });
  }
}
