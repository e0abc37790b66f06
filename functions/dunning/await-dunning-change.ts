import { z } from 'zod';
import { isoDate } from '#shared/records.ts';
import { parseStepInput } from '../adapters/step-input.ts';
import { resumeTask } from '../adapters/workflows.ts';
import { parentAccount } from '../payments/account-store.ts';
import { getCase, storeTaskToken, takeTaskToken } from './dunning-store.ts';

const input = z.object({ invoice: z.string().min(1), foundUnpaidOn: isoDate, taskToken: z.string().min(1) });

/**
 * Dunning workflow, the wait (.waitForTaskToken): stores the token on the case, where a payment (the
 * stream, after the account changed) finds it and wakes the case at once. A payment that landed between
 * the step and this wait wakes it here.
 */
export async function handler(event: unknown): Promise<void> {
  const { invoice, foundUnpaidOn, taskToken } = parseStepInput(input, event);
  if (!(await storeTaskToken(invoice, foundUnpaidOn, taskToken))) {
    await resumeTask(taskToken, { woken: 'closed' });
    return;
  }
  const c = await getCase(invoice, foundUnpaidOn);
  if (!c) return;
  const balance = (await parentAccount(c.parentId)).invoices.find((b) => b.number === invoice);
  if (!balance || balance.balance <= 0 || balance.foundUnpaidOn !== foundUnpaidOn) {
    const token = await takeTaskToken(invoice, foundUnpaidOn);
    if (token) await resumeTask(token, { woken: 'cleared' });
  }
}
