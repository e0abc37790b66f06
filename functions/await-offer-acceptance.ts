import { awaitStep, parseStepInput } from './adapters/step-input.ts';
import { getOffer, storeOfferTaskToken } from './adapters/store.ts';
import { failTask, resumeTask } from './adapters/workflows.ts';

/**
 * Offer workflow, step 2 (.waitForTaskToken): stores the task token on the offer, where
 * POST /offers/{id}/accept finds it. An offer that was accepted or lapsed before the token was stored
 * resolves the task at once.
 */
export async function handler(input: unknown): Promise<void> {
  const { offerId, taskToken } = parseStepInput(awaitStep, input);
  const waiting = await storeOfferTaskToken(offerId, taskToken);
  if (waiting) return;
  const offer = await getOffer(offerId);
  if (offer?.status === 'accepted') await resumeTask(taskToken, { contractId: offer.contractId });
  else await failTask(taskToken, 'OfferLapsed', `offer ${offerId} is ${offer?.status ?? 'missing'}`);
}
