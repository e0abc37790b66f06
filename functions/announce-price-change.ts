import { priceChangeEmail } from '#shared/messages/price-change.ts';
import { priceChangeWithdrawnEmail } from '#shared/messages/price-change-withdrawn.ts';
import { priceChangeLines } from '#shared/price-change.ts';
import { eachConcurrently } from './adapters/concurrently.ts';
import { contractsPage, parentsById } from './adapters/invoice-store.ts';
import { sendEmailOnce } from './adapters/mailer.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { parseStepInput, priceChangeStep } from './adapters/step-input.ts';

/** Contracts per step: at SES's usual sending rates the e-mails of a page go out well within the step's time. */
const PAGE_SIZE = Number(process.env.ANNOUNCE_PAGE_SIZE ?? 250);

/**
 * Price-change workflow, one page (TAR-6): every parent whose contracts a new tariff version touches
 * gets one `price-change` e-mail with the old and new rate per contract (or, when the version is
 * withdrawn, one `price-change-withdrawn` e-mail). A page that runs again sends
 * nothing twice (one e-mail per version and parent).
 */
export async function handler(
  input: unknown,
): Promise<{ page: number; cursor: Record<string, unknown> | null; done: boolean; announced: number }> {
  const { from, page, cursor, announced, withdrawn } = parseStepInput(priceChangeStep, input);
  // A withdrawal names the contracts the announcement named: computed with the version it withdraws.
  const policy = await loadPolicy({ withdrawn });
  if (!policy.tariffs.some((t) => t.from === from)) throw new Error(`no tariff version from ${from}`);
  const batch = await contractsPage(cursor ?? undefined, PAGE_SIZE);
  const touched = [...batch.byParent]
    .map(([parentId, contracts]) => ({ parentId, lines: priceChangeLines(contracts, from, policy) }))
    .filter((p) => p.lines.length);
  const parents = new Map((await parentsById(touched.map((p) => p.parentId))).map((p) => [p.id, p]));
  await eachConcurrently(touched, 4, async ({ parentId, lines }) => {
    const parent = parents.get(parentId);
    if (!parent) throw new Error(`parent ${parentId} not found`);
    await sendEmailOnce(
      withdrawn
        ? priceChangeWithdrawnEmail(parent, from, lines, policy)
        : priceChangeEmail(parent, from, lines, policy),
      { parentId },
    );
  });
  return {
    page: page + 1,
    cursor: batch.next ?? null,
    done: !batch.next,
    announced: announced + touched.length,
  };
}
