import { getRun } from './adapters/invoice-store.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { exportSepaBatches } from './adapters/sepa-export.ts';
import { parseStepInput, runStep } from './adapters/step-input.ts';

/**
 * Invoice run: the SEPA batch files (INV-6), one per collection date not written before. A debtor who
 * cannot be collected is left out and reported; the rest of the batch goes, and the run goes on (issue 7
 * item 2). Running it again writes the same file: its message id and creation time come from the run.
 */
export async function handler(input: unknown): Promise<{ files: number }> {
  const { month } = parseStepInput(runStep, input);
  const run = await getRun(month);
  if (!run) throw new Error(`invoice run ${month} not found`);
  const written = await exportSepaBatches(month, new Date(run.startedAt), await loadPolicy());
  return { files: written.length };
}
