import { today } from '#shared/clock.ts';
import { monthInvoicedOn } from '#shared/invoicing.ts';
import { executionNames } from '#shared/keys.ts';
import { environment } from './adapters/environment.ts';
import { loadPolicy } from './adapters/policy-store.ts';
import { startExecutionOnce } from './adapters/workflows.ts';

/**
 * Daily at 06:00 (Europe/Amsterdam; EventBridge Scheduler in AWS, the runtime's scheduler locally):
 * on the policy's run date (INV-5) it starts the run for the next month. Starting it twice is harmless.
 */
export async function handler(): Promise<{ started?: string }> {
  const month = monthInvoicedOn(today(), await loadPolicy());
  if (!month) return {};
  await startExecutionOnce(environment.invoiceRunStateMachineArn(), executionNames.invoiceRun(month), {
    month,
  });
  return { started: month };
}
