import { today } from '#shared/clock.ts';
import { automaticEndDate } from '#shared/contract-dates.ts';
import { addMonthsToDate } from '#shared/contract-lifecycle.ts';
import { contractEndEmail } from '#shared/messages/contract-end.ts';
import { policyNamed } from '#shared/policy.ts';
import { eachConcurrently } from './adapters/concurrently.ts';
import { markEnded } from './adapters/contract-store.ts';
import { environment } from './adapters/environment.ts';
import { contractsPage, parentsById } from './adapters/invoice-store.ts';
import { sendEmailOnce } from './adapters/mailer.ts';

/**
 * Daily (CON-3): a contract that reaches its automatic end — the day before the 4th or 13th birthday —
 * is announced to the parent a month ahead, and is `ended` from the day after its last day of care.
 * Running twice on a day changes and sends nothing more.
 */
export async function handler(): Promise<{ ended: number; announced: number }> {
  const day = today();
  const horizon = addMonthsToDate(day, 1);
  const policy = policyNamed(environment.policyName());
  let cursor: Record<string, unknown> | undefined;
  let ended = 0;
  let announced = 0;
  do {
    const page = await contractsPage(cursor, 1000);
    cursor = page.next;
    const contracts = [...page.byParent.values()].flat().filter((c) => c.status === 'active');
    const ending = contracts.filter((c) => c.end < day);
    const soon = contracts.filter(
      (c) => c.end >= day && c.end <= horizon && c.end === automaticEndDate(c.product, c.child.birthDate),
    );
    await eachConcurrently(ending, 4, async (contract) => {
      if (await markEnded(contract.id, day)) ended++;
    });
    const parents = new Map(
      (await parentsById([...new Set(soon.map((c) => c.parentId))])).map((p) => [p.id, p]),
    );
    await eachConcurrently(soon, 4, async (contract) => {
      const parent = parents.get(contract.parentId);
      if (parent && (await sendEmailOnce(contractEndEmail(parent, contract, policy))).sent) announced++;
    });
  } while (cursor);
  return { ended, announced };
}
