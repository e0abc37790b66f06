import { today } from '#shared/clock.ts';
import { loadPolicy } from '../adapters/policy-store.ts';
import { issueStatementsPage } from './issue-statements.ts';
import { lastScheduledYear, markScheduledYear } from './statement-store.ts';

/** Stop taking new pages when less than this is left of the function's time; the next day continues. */
const RESERVE_MS = 60_000;

/**
 * INV-8, daily: on the policy's day in January (or the first run after it, catching up a missed day) the
 * statements of the year before are issued to every parent, page by page; a parent with arrears gets
 * them once those are paid (released by the account, not by this job).
 */
export async function handler(
  _event: unknown,
  context?: { getRemainingTimeInMillis?: () => number },
): Promise<{ year?: number; parents: number; issued: number; withheld: number; failed: number }> {
  const policy = await loadPolicy();
  const on = today();
  const year = Number(on.slice(0, 4)) - 1;
  const totals = { parents: 0, issued: 0, withheld: 0, failed: 0 };
  if (on < `${year + 1}-${policy.annualStatementsOn}`) return totals;
  const done = await lastScheduledYear();
  if (done !== undefined && done >= year) return totals;
  let after: string | undefined;
  for (;;) {
    const page = await issueStatementsPage(year, after, 25, policy);
    totals.parents += page.parents;
    totals.issued += page.issued;
    totals.withheld += page.withheld;
    totals.failed += page.failed.length;
    if (!page.next) break;
    after = page.next;
    // A large organisation: the rest tomorrow (what was issued is not issued again).
    if ((context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY) < RESERVE_MS)
      return { year, ...totals };
  }
  await markScheduledYear(year);
  return { year, ...totals };
}
