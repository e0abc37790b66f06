import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Activity } from './activity.ts';
import { RUNTIME_TABLE_NAME } from './table-design.ts';

/**
 * Step Functions on one machine: `aws-local-stepfunctions` runs the very files in workflows/, with every
 * Lambda task resolved to the local handler. Executions are recorded in the runtime table and started
 * again after a restart; their steps are idempotent and their waits absolute, so a resumed execution
 * ends as the first one would have.
 */
export type StepHandler = (payload: unknown) => Promise<unknown>;

export class StepFunctionsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

interface MachineEntry {
  arn: string;
  definition: Record<string, unknown>;
}

interface ExecutionRecord {
  pk: string;
  name: string;
  stateMachineArn: string;
  input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startDate: string;
  stopDate?: string;
  error?: string;
}

interface PendingTask {
  execution: string;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
}

const TOKEN_PLACEHOLDER = '$$local-task-token$$';
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** AWS's rule for execution names: 1–80 characters, none of whitespace, brackets, wildcards, `"#%\\^|~`$&,;:/` or control characters. */
const NOT_IN_EXECUTION_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/;

function isExecutionName(name: string): boolean {
  if (name.length < 1 || name.length > 80 || NOT_IN_EXECUTION_NAME.test(name)) return false;
  return ![...name].some((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code < 0x20 || (code >= 0x7f && code <= 0x9f);
  });
}

/** Whether a text is JSON. (The parser's own message quotes the text, which may hold personal data.) */
function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

export const localArn = {
  function: (name: string) => `arn:aws:lambda:eu-west-1:000000000000:function:${name}`,
  stateMachine: (name: string) => `arn:aws:states:eu-west-1:000000000000:stateMachine:opvang-${name}`,
  execution: (machineArn: string, name: string) =>
    `${machineArn.replace(':stateMachine:', ':execution:')}:${name}`,
};

/** Replaces `${Placeholder}` in a workflow file, as CDK's definitionSubstitutions does. */
export function substitute(text: string, substitutions: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => substitutions[name] ?? whole);
}

function replaceToken(value: unknown, token: string): unknown {
  if (value === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((v) => replaceToken(v, token));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceToken(v, token)]));
  return value;
}

function taskStates(states: Record<string, Record<string, unknown>>): [string, Record<string, unknown>][] {
  const found: [string, Record<string, unknown>][] = [];
  for (const [name, state] of Object.entries(states)) {
    if (state.Type === 'Task') found.push([name, state]);
    for (const branch of (state.Branches as
      | { States: Record<string, Record<string, unknown>> }[]
      | undefined) ?? [])
      found.push(...taskStates(branch.States));
    const inner = (state.ItemProcessor ?? state.Iterator) as
      | { States: Record<string, Record<string, unknown>> }
      | undefined;
    if (inner) found.push(...taskStates(inner.States));
  }
  return found;
}

export class LocalStepFunctions {
  private readonly machines = new Map<string, MachineEntry>();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  private readonly pending = new Map<string, PendingTask>();
  private stopped = false;
  /** Told of every execution that fails, by name (no input: it may hold personal data). */
  onFailure?: (execution: string, error: Error) => void;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly handlers: Map<string, StepHandler>,
    private readonly activity: Activity,
  ) {}

  register(name: string, file: string, substitutions: Record<string, string>): string {
    const arn = localArn.stateMachine(name);
    const definition = JSON.parse(substitute(readFileSync(file, 'utf8'), substitutions));
    // Validate once at registration, as CreateStateMachine would.
    new StateMachine(definition, { validationOptions: { checkPaths: true, checkArn: true } });
    this.machines.set(arn, { arn, definition });
    return arn;
  }

  async startExecution(
    stateMachineArn: string,
    name: string,
    input: string,
  ): Promise<{ executionArn: string; startDate: number }> {
    const machine = this.machines.get(stateMachineArn);
    if (!machine)
      throw new StepFunctionsError(
        'StateMachineDoesNotExist',
        `State machine ${stateMachineArn} does not exist`,
      );
    // Refused before anything is stored, as AWS does (issue 7 item 4): a stored execution that cannot run
    // would fail again on every start of the runtime.
    if (!isExecutionName(name))
      throw new StepFunctionsError('InvalidName', `Invalid Name: '${name.slice(0, 100)}'`);
    if (!isJson(input))
      throw new StepFunctionsError(
        'InvalidExecutionInput',
        'Invalid State Machine Execution Input: the input is not valid JSON',
      );
    const executionArn = localArn.execution(stateMachineArn, name);
    const startDate = new Date();
    const record: ExecutionRecord = {
      pk: `EXECUTION#${executionArn}`,
      name,
      stateMachineArn,
      input,
      status: 'RUNNING',
      startDate: startDate.toISOString(),
    };
    try {
      await this.activity.track(() =>
        this.db.send(
          new PutCommand({
            TableName: RUNTIME_TABLE_NAME,
            Item: record,
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new StepFunctionsError('ExecutionAlreadyExists', `Execution already exists: '${executionArn}'`);
      throw error;
    }
    this.run(record);
    return { executionArn, startDate: startDate.getTime() / 1000 };
  }

  /**
   * Starts again every execution that was running when the runtime stopped. One that cannot run (its input
   * is not JSON, its state machine is gone: left by an older version) is marked FAILED with the reason, and
   * the runtime starts anyway (issue 7 item 4).
   */
  async resumeAll(): Promise<{ resumed: number; failed: { name: string; reason: string }[] }> {
    const records: ExecutionRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: RUNTIME_TABLE_NAME,
          FilterExpression: 'begins_with(pk, :e) AND #s = :running',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':e': 'EXECUTION#', ':running': 'RUNNING' },
          ExclusiveStartKey: start,
          ConsistentRead: true,
        }),
      );
      records.push(...((page.Items ?? []) as ExecutionRecord[]));
      start = page.LastEvaluatedKey;
    } while (start);
    const failed: { name: string; reason: string }[] = [];
    for (const record of records) {
      const reason = this.unresumable(record);
      if (reason) {
        failed.push({ name: String(record.name), reason });
        await this.finish(record, 'FAILED', `States.Runtime: not resumed: ${reason}`);
        continue;
      }
      try {
        this.run(record);
      } catch (error) {
        const why = `${(error as Error).name}: ${(error as Error).message}`;
        failed.push({ name: String(record.name), reason: why });
        await this.finish(record, 'FAILED', `States.Runtime: not resumed: ${why}`);
      }
    }
    return { resumed: records.length - failed.length, failed };
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    const task = this.takeTask(taskToken);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new StepFunctionsError('InvalidOutput', 'output is not valid JSON');
    }
    task.resolve(parsed);
  }

  sendTaskFailure(taskToken: string, error = 'TaskFailed', cause = ''): void {
    const task = this.takeTask(taskToken);
    const failure = new Error(cause);
    failure.name = error;
    task.reject(failure);
  }

  describe(): { running: number; waitingForCallback: number } {
    return { running: this.running.size, waitingForCallback: this.pending.size };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const execution of this.running.values()) execution.abort();
    await Promise.allSettled([...this.running.values()].map((e) => e.done));
  }

  /** Why a stored execution cannot be run again, if it cannot. */
  private unresumable(record: ExecutionRecord): string | undefined {
    if (typeof record.name !== 'string' || !record.name) return 'the record has no name';
    if (!this.machines.has(record.stateMachineArn))
      return `state machine ${record.stateMachineArn} does not exist`;
    if (typeof record.input !== 'string' || !isJson(record.input)) return 'its input is not valid JSON';
    return undefined;
  }

  private takeTask(taskToken: string): PendingTask {
    const task = this.pending.get(taskToken);
    if (!task) throw new StepFunctionsError('TaskDoesNotExist', 'Task does not exist anymore');
    this.pending.delete(taskToken);
    return task;
  }

  private overridesFor(
    machine: MachineEntry,
    executionName: string,
  ): Record<string, (input: unknown) => Promise<unknown>> {
    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [stateName, state] of taskStates(
      machine.definition.States as Record<string, Record<string, unknown>>,
    )) {
      const resource = state.Resource as string;
      overrides[stateName] = async (input) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
        const handler = this.handlers.get(FunctionName);
        if (!handler)
          throw new StepFunctionsError(
            'Lambda.ResourceNotFoundException',
            `No local handler for ${FunctionName}`,
          );
        if (resource === LAMBDA_INVOKE)
          return { Payload: await this.activity.track(() => handler(Payload)), StatusCode: 200 };
        if (resource !== LAMBDA_INVOKE_CALLBACK)
          throw new StepFunctionsError('States.Runtime', `Unsupported resource ${resource}`);
        // .waitForTaskToken: a fresh token per invocation; the task ends when SendTaskSuccess/Failure names it.
        const token = randomUUID();
        const result = new Promise<unknown>((resolve, reject) => {
          this.pending.set(token, { execution: executionName, resolve, reject });
        });
        await this.activity.track(() => handler(replaceToken(Payload, token)));
        return result;
      };
    }
    return overrides;
  }

  private run(record: ExecutionRecord): void {
    const machine = this.machines.get(record.stateMachineArn);
    if (!machine || this.stopped) return;
    const executionArn = localArn.execution(record.stateMachineArn, record.name);
    const stateMachine = new StateMachine(machine.definition as never, {
      validationOptions: { noValidate: true },
    });
    const input = JSON.parse(record.input);
    const execution = stateMachine.run(input, {
      overrides: { taskResourceLocalHandlers: this.overridesFor(machine, executionArn) as never },
      noThrowOnAbort: true,
      context: {
        Execution: { Id: executionArn, Name: record.name, Input: input, StartTime: record.startDate },
        StateMachine: { Id: record.stateMachineArn },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    const done = execution.result.then(
      () => (this.stopped ? undefined : this.finish(record, 'SUCCEEDED')),
      (error: Error) => {
        if (this.stopped) return;
        this.onFailure?.(record.name, error);
        return this.finish(record, 'FAILED', `${error.name}: ${error.message}`);
      },
    );
    this.running.set(executionArn, {
      abort: execution.abort,
      done: done.finally(() => {
        this.running.delete(executionArn);
        for (const [token, task] of this.pending)
          if (task.execution === executionArn) this.pending.delete(token);
      }),
    });
  }

  private async finish(
    record: ExecutionRecord,
    status: 'SUCCEEDED' | 'FAILED',
    error?: string,
  ): Promise<void> {
    await this.activity.track(() =>
      this.db.send(
        new UpdateCommand({
          TableName: RUNTIME_TABLE_NAME,
          Key: { pk: record.pk },
          UpdateExpression: error ? 'SET #s = :s, stopDate = :d, #e = :e' : 'SET #s = :s, stopDate = :d',
          ExpressionAttributeNames: error ? { '#s': 'status', '#e': 'error' } : { '#s': 'status' },
          ExpressionAttributeValues: {
            ':s': status,
            ':d': new Date().toISOString(),
            ...(error ? { ':e': error } : {}),
          },
        }),
      ),
    );
  }
}
