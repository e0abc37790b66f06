import { contractConfirmationEmail } from '#shared/messages/contract-confirmation.ts';
import { policyNamed } from '#shared/policy.ts';
import { environment } from './adapters/environment.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { contractStep, parseStepInput } from './adapters/step-input.ts';
import { getContract, getParent } from './adapters/store.ts';

/** Offer workflow: the agreement confirmed to the parent in writing (art. 7.3), once. */
export async function handler(input: unknown): Promise<{ sent: boolean }> {
  const { contractId } = parseStepInput(contractStep, input);
  const contract = await getContract(contractId);
  if (!contract) throw new Error(`contract ${contractId} not found`);
  const parent = await getParent(contract.parentId);
  if (!parent) throw new Error(`parent ${contract.parentId} not found`);
  const { sent } = await sendEmailOnce(
    contractConfirmationEmail(parent, contract, policyNamed(environment.policyName())),
  );
  return { sent };
}
