import { now } from '#shared/clock.ts';
import { type SkippedParent, summarizeSkipped } from '#shared/invoices.ts';
import { executionNames } from '#shared/keys.ts';
import { environment } from './environment.ts';
import {
  claimNextAttempt,
  getLatePass,
  getRun,
  monthInvoices,
  type RunSummary,
  runPages,
  sepaExports,
} from './invoice-store.ts';
import { logger } from './logger.ts';
import { startExecutionOnce } from './workflows.ts';

/**
 * A run of 10,000 contracts takes minutes; an attempt still `running` hours after it started has lost its
 * execution (its failure could not be recorded), and the next request starts the next attempt.
 */
const STALE_AFTER_MS = 6 * 3600_000;

/**
 * Starting a month's run, by hand (POST /invoice-runs) or by the daily scheduler (issue 8 item 5): a month
 * never run starts its first attempt; a running one is left to run (its attempt's execution is started only
 * if it never was); a failed one starts its next attempt, which issues only what is missing; a succeeded
 * one is not run again. Two requests at once start one execution: the attempt is claimed on the run's
 * record, and each attempt's execution has its own deterministic name.
 */
export async function requestRun(month: string): Promise<{ started: boolean; attempt: number }> {
  const stateMachine = environment.invoiceRunStateMachineArn();
  for (let tries = 0; tries < 5; tries++) {
    const run = await getRun(month);
    if (run?.status === 'succeeded') return { started: false, attempt: run.attempt };
    let attempt = run?.attempt ?? 1;
    const at = now();
    const staleBefore = new Date(at.getTime() - STALE_AFTER_MS).toISOString();
    const stale = run?.status === 'running' && (run.attemptStartedAt ?? run.startedAt) < staleBefore;
    if (run && (run.status === 'failed' || stale)) {
      if (!(await claimNextAttempt(month, run.attempt, at.toISOString(), staleBefore))) continue;
      if (stale)
        logger.warn('invoice run attempt gave no sign of life: starting the next', { month, attempt });
      attempt = run.attempt + 1;
    }
    const started = await startExecutionOnce(stateMachine, executionNames.invoiceRun(month, attempt), {
      month,
      attempt,
    });
    return { started: started === 'started', attempt };
  }
  const run = await getRun(month);
  return { started: false, attempt: run?.attempt ?? 1 };
}

/**
 * The month's summary as it stands: the pages' contracts and skipped parents, the invoices of the month
 * (the run's and the supplementary passes'), the late ones, the SEPA batches.
 */
export async function summarizeRun(month: string): Promise<RunSummary> {
  const [pages, late, invoices, sepa] = await Promise.all([
    runPages(month),
    getLatePass(month),
    monthInvoices(month, ['parentId', 'number', 'total', 'issuedOn', 'debitOn', 'status']).then((all) =>
      // A void invoice keeps a number in the series (INV-4) but is no invoice of the month.
      all.filter((i) => i.status !== 'void'),
    ),
    sepaExports(month),
  ]);
  const byParent = new Map(invoices.map((i) => [i.parentId, i]));
  const skipped = new Map<string, SkippedParent>();
  for (const s of [...pages.flatMap((p) => p.skipped), ...(late?.skipped ?? [])])
    if (!byParent.has(s.parent)) skipped.set(s.parent, s);
  const lateInvoices = Object.entries(late?.assignments ?? {})
    .map(([parent]) => byParent.get(parent))
    .filter((i) => i !== undefined)
    .filter((i) => late?.assignments[i.parentId] === Number(i.number.slice(5)))
    .map((i) => ({
      parent: i.parentId,
      number: i.number,
      issuedOn: i.issuedOn,
      debitOn: i.debitOn,
      total: i.total,
    }))
    .sort((a, b) => a.number.localeCompare(b.number));
  return {
    contracts: pages.reduce((n, p) => n + p.contracts, 0),
    invoices: invoices.length,
    total: invoices.reduce((sum, i) => sum + i.total, 0),
    ...summarizeSkipped([...skipped.values()].sort((a, b) => a.parent.localeCompare(b.parent))),
    late: lateInvoices,
    sepa: sepa.sort((a, b) => a.collection.localeCompare(b.collection)),
  };
}
