import { now } from '#shared/clock.ts';
import { offerEmail } from '#shared/messages/offer.ts';
import { policyNamed } from '#shared/policy.ts';
import { environment } from './adapters/environment.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { offerStep, parseStepInput } from './adapters/step-input.ts';
import { getOffer, getParent } from './adapters/store.ts';

/**
 * Offer workflow, step 1: e-mail the offer (once), and tell the workflow how long acceptance may still
 * be awaited. The deadline is the stored one, so a workflow started again waits until the same moment.
 */
export async function handler(
  input: unknown,
): Promise<{ offerId: string; timeoutSeconds: number; expired: boolean }> {
  const { offerId } = parseStepInput(offerStep, input);
  const offer = await getOffer(offerId);
  if (!offer) throw new Error(`offer ${offerId} not found`);
  const parent = await getParent(offer.parentId);
  if (!parent) throw new Error(`parent ${offer.parentId} not found`);
  if (offer.status === 'offered')
    await sendEmailOnce(offerEmail(parent, offer, policyNamed(environment.policyName())));
  const remainingMs = new Date(offer.expiresAt).getTime() - now().getTime();
  return {
    offerId,
    timeoutSeconds: Math.max(1, Math.ceil(remainingMs / 1000)),
    expired: remainingMs <= 0 && offer.status === 'offered',
  };
}
