import { offerLapsedEmail } from '#shared/messages/offer-lapsed.ts';
import { policyNamed } from '#shared/policy.ts';
import { environment } from './adapters/environment.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { offerStep, parseStepInput } from './adapters/step-input.ts';
import { getOffer, getParent, lapseOffer } from './adapters/store.ts';

/**
 * Offer workflow: no acceptance within 10 days (CON-2). The offer lapses and the parent is told, unless
 * the acceptance won the race, in which case the workflow goes on to the contract.
 */
export async function handler(input: unknown): Promise<{ outcome: 'lapsed' | 'accepted' }> {
  const { offerId } = parseStepInput(offerStep, input);
  const offer = (await lapseOffer(offerId)) ?? (await getOffer(offerId));
  if (!offer) throw new Error(`offer ${offerId} not found`);
  if (offer.status === 'accepted') return { outcome: 'accepted' };
  const parent = await getParent(offer.parentId);
  if (!parent) throw new Error(`parent ${offer.parentId} not found`);
  await sendEmailOnce(offerLapsedEmail(parent, offer, policyNamed(environment.policyName())));
  return { outcome: 'lapsed' };
}
