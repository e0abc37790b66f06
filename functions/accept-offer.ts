import { today } from '#shared/clock.ts';
import { acceptOfferInput } from '#shared/records.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from './adapters/http.ts';
import { logger } from './adapters/logger.ts';
import { acceptOffer, getOffer } from './adapters/store.ts';
import { resumeTask } from './adapters/workflows.ts';
import { publicOffer } from './create-offer.ts';

/**
 * POST /offers/{id}/accept (admin): the parent accepted (CON-2). The acceptance is stored first, then the
 * waiting workflow is resumed; if it cannot be reached it finds the acceptance when it next runs.
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
  const on = today();
  const accepted = await acceptOffer(id, body.contractId ?? existing.contractId, on);
  if (!accepted) {
    const current = (await getOffer(id)) ?? existing;
    if (current.status === 'accepted') return json(200, { offer: publicOffer(current) });
    throw new HttpError(409, {
      error: 'offer lapsed',
      issues: [
        { field: 'id', problem: `offer ${id} lapsed on ${current.lapsesOn} and can no longer be accepted` },
      ],
    });
  }
  if (accepted.taskToken) {
    try {
      await resumeTask(accepted.taskToken, { contractId: accepted.contractId });
    } catch (error) {
      logger.warn('offer workflow not reachable; it resumes from the stored acceptance', {
        offerId: id,
        error: (error as Error).name,
      });
    }
  }
  return json(200, { offer: publicOffer(accepted) });
});
