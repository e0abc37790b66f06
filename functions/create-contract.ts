import { automaticEndDate } from '#shared/contract-dates.ts';
import { type ContractRecord, careTermsOf } from '#shared/records.ts';
import { offerStep, parseStepInput } from './adapters/step-input.ts';
import { createContract, getOffer } from './adapters/store.ts';

/** Offer workflow: the accepted offer becomes a contract (CON-1), ending automatically per CON-3. */
export async function handler(input: unknown): Promise<{ contractId: string }> {
  const { offerId } = parseStepInput(offerStep, input);
  const offer = await getOffer(offerId);
  if (!offer) throw new Error(`offer ${offerId} not found`);
  if (offer.status !== 'accepted' || !offer.acceptedOn)
    throw new Error(`offer ${offerId} is ${offer.status}`);
  const contract: ContractRecord = {
    type: 'contract',
    id: offer.contractId,
    parentId: offer.parentId,
    offerId: offer.id,
    ...careTermsOf(offer),
    status: 'active',
    signedOn: offer.acceptedOn,
    end: automaticEndDate(offer.product, offer.child.birthDate),
  };
  const stored = await createContract(contract);
  // Never adopt another family's contract that happens to have the id (issue 7 item 7).
  if (stored.offerId !== offer.id)
    throw new Error(`contract ${stored.id} exists already and is not the contract of offer ${offer.id}`);
  return { contractId: stored.id };
}
