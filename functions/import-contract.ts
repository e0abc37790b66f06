import { today } from '#shared/clock.ts';
import { automaticEndDate } from '#shared/contract-dates.ts';
import { type ContractRecord, careTermsOf, importContractInput } from '#shared/records.ts';
import { HttpError, httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { createContract, getParent } from './adapters/store.ts';

/**
 * POST /contracts (admin): registers a contract that was agreed outside the offer workflow (taken over
 * from an earlier system, or signed on paper). No confirmation e-mail: the parent has one already.
 */
export const handler = httpHandler(async (event) => {
  const input = parseJsonBody(event, importContractInput);
  if (!(await getParent(input.parent)))
    throw new HttpError(422, {
      error: 'unknown parent',
      issues: [{ field: 'parent', problem: `parent ${input.parent} not found` }],
    });
  const contract: ContractRecord = {
    type: 'contract',
    id: input.id,
    parentId: input.parent,
    ...careTermsOf(input),
    status: 'active',
    signedOn: input.signedOn ?? today(),
    end: input.end ?? automaticEndDate(input.product, input.child.birthDate),
  };
  const stored = await createContract(contract);
  if (stored !== contract) {
    // A retried import is answered as the first one was; another contract under the same id is a conflict.
    if (stored.parentId !== contract.parentId || stored.start !== contract.start)
      throw new HttpError(409, {
        error: 'conflict',
        issues: [{ field: 'id', problem: `contract ${input.id} exists already` }],
      });
    return json(200, { contract: stored });
  }
  return json(201, { contract });
});
