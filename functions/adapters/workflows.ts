import {
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { stepFunctions } from './clients.ts';

/** Starts a workflow execution under a deterministic name; an existing one means it is already running or done. */
export async function startExecutionOnce(
  stateMachineArn: string,
  name: string,
  input: unknown,
): Promise<'started' | 'exists'> {
  try {
    await stepFunctions().send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }),
    );
    return 'started';
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists')
      return 'exists';
    throw error;
  }
}

export async function resumeTask(taskToken: string, output: unknown): Promise<void> {
  await stepFunctions().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
}

export async function failTask(taskToken: string, error: string, cause: string): Promise<void> {
  await stepFunctions().send(new SendTaskFailureCommand({ taskToken, error, cause }));
}
