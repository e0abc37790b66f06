import { z } from 'zod';
import { parseStepInput } from '../adapters/step-input.ts';
import { resumeTask } from '../adapters/workflows.ts';
import { getComplaint, storeComplaintToken, takeComplaintToken } from './complaint-store.ts';

const input = z.object({ complaint: z.string().min(1), taskToken: z.string().min(1) });

/**
 * Complaint workflow, the wait (.waitForTaskToken): the token is stored on the complaint, where the answer
 * (POST /complaints/{id}/answer) or a stage finds it and wakes the case at once. An answer that arrived
 * between the step and this wait wakes it here.
 */
export async function handler(event: unknown): Promise<void> {
  const { complaint, taskToken } = parseStepInput(input, event);
  if (!(await storeComplaintToken(complaint, taskToken))) {
    await resumeTask(taskToken, { woken: 'gone' });
    return;
  }
  const c = await getComplaint(complaint);
  if (c?.answer || c?.status === 'closed') {
    const token = await takeComplaintToken(complaint);
    if (token) await resumeTask(token, { woken: 'answered' });
  }
}

/** Wakes a waiting complaint workflow (an answer, a stage): a wait that ended meanwhile needs none. */
export async function wakeComplaint(id: string, why: string): Promise<void> {
  const token = await takeComplaintToken(id);
  if (!token) return;
  try {
    await resumeTask(token, { woken: why });
  } catch (error) {
    const name = (error as Error).name;
    if (name !== 'TaskTimedOut' && name !== 'InvalidToken' && name !== 'TaskDoesNotExist') throw error;
  }
}
