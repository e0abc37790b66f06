import { today } from '#shared/clock.ts';
import { swapDayProblem } from '#shared/contract-lifecycle.ts';
import { billable } from '#shared/invoices.ts';
import { swapDayEmail } from '#shared/messages/swap-day.ts';
import { policyNamed } from '#shared/policy.ts';
import { type SwapDay, swapDayInput } from '#shared/records.ts';
import { requestFingerprint } from '#shared/request-fingerprint.ts';
import { conflict, contractOfRequest, invalid, refuseWhileSuspended } from './adapters/contract-request.ts';
import { addSwapDay, ContractStateError } from './adapters/contract-store.ts';
import { environment } from './adapters/environment.ts';
import { httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { getContract } from './adapters/store.ts';

/**
 * POST /contracts/{id}/swap-days (admin): CON-9. A contract day exchanged for another, requested 3 weeks
 * ahead and used within a month; the contract's hours stay billed as agreed. One swap per missed day:
 * the same request again is answered with what was recorded.
 */
export const handler = httpHandler(async (event) => {
  const input = parseJsonBody(event, swapDayInput);
  const { contract, parent } = await contractOfRequest(event);
  const recorded = (swaps: SwapDay[] | undefined) => swaps?.find((s) => s.missed === input.missed);
  const earlier = recorded(contract.swapDays);
  const policy = policyNamed(environment.policyName());
  if (earlier) {
    if (earlier.swap === input.swap) {
      // A retry after a crash between the record and its e-mail sends it now; otherwise nothing.
      await sendEmailOnce(swapDayEmail(parent, contract, earlier, policy));
      return json(200, { swapDay: earlier });
    }
    throw conflict(`${input.missed} is swapped for ${earlier.swap} already`);
  }
  if (contract.status !== 'active') throw conflict(`contract ${contract.id} is ${contract.status}`);
  refuseWhileSuspended(contract);
  const requestedOn = today();
  const problem = swapDayProblem(billable(contract), requestedOn, input);
  if (problem) throw invalid(problem.field, problem.problem);
  const swapDay: SwapDay = { ...input, requestedOn };
  try {
    await addSwapDay(contract, swapDay, {
      id: `swap-${input.missed}`,
      fingerprint: requestFingerprint(input),
    });
  } catch (error) {
    if (error instanceof ContractStateError) throw conflict(`contract ${contract.id} is ${contract.status}`);
    throw error;
  }
  // A concurrent request for the same missed day may have won: confirm what is stored.
  const stored = recorded((await getContract(contract.id))?.swapDays) ?? swapDay;
  await sendEmailOnce(swapDayEmail(parent, contract, stored, policy));
  return json(stored.swap === input.swap ? 201 : 409, { swapDay: stored });
});
