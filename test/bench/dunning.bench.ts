/**
 * `npm run bench -- --only dunning [--json] [--parents N]` (issue 10 item 10, issue 12 item 4): the cost of
 * dunning, on the local runtime with the virtual clock (DynamoDB Local and its stream, the local
 * workflows, the local SES: the real pipeline).
 * 1. 1,000 parents who pay by transfer (no mandate) do not pay March 2027: all are found unpaid on its due
 *    date, Monday 1 March (DUN-1), and each case waits for its first reminder at 09:00 on Tuesday 2 March
 *    (DUN-2). Figure: the wall time from the moment the clock reaches 09:00 until the local SES holds every
 *    first reminder, and reminders per second. It checks that exactly one first reminder went to each
 *    parent and that each case recorded the step (exit code 1 otherwise).
 * 2. The state transitions of one full ladder, as Step Functions Standard bills them (one per state
 *    entered, retries included): a family that never pays, through reminder 1, reminder 2 with its letter,
 *    the hand-over and the end of its case (DUN-2..4); and the case of the next month, which terminates
 *    the contract first (DUN-8). Target: ≤ 15 per case.
 */
import { parseArgs } from 'node:util';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { dynamo } from '#functions/adapters/clients.ts';
import { monthInvoices } from '#functions/adapters/invoice-store.ts';
import { parentItem } from '#functions/adapters/store.ts';
import { sentEmails } from '#infra/local/report.ts';
import { type Runtime, startRuntime } from '#infra/local/runtime.ts';
import { realSleep, virtualClock } from '#infra/local/runtime-clock.ts';
import { TABLE_NAME } from '#infra/local/table-design.ts';
import { startOfDate } from '#shared/clock.ts';
import { automaticEndDate } from '#shared/contract-dates.ts';
import { executionNames, keys } from '#shared/keys.ts';
import type { ContractRecord, ParentRecord } from '#shared/records.ts';
import { KDV_MONDAYS } from '../support/fixtures.ts';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, parents: { type: 'string', default: '1000' } },
});
const PARENTS = Number(values.parents);
if (!Number.isSafeInteger(PARENTS) || PARENTS < 1 || PARENTS > 100_000)
  throw new RangeError(`--parents ${values.parents}: a whole number from 1 to 100000`);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Step Functions Standard bills per state transition: target per case (issue 10 item 10, issue 12 item 4). */
const TRANSITIONS_TARGET = 15;
const MONTH = '2027-03';
/** DUN-1: March is due on Monday 1 March and found unpaid that day; DUN-2: reminder 1 on Tuesday 2 March. */
const FOUND_UNPAID_ON = '2027-03-01';
const FIRST_REMINDER_DAY = '2027-03-02';
/** The policy's step time (accrete-2020: 09:00): when the waiting cases wake. */
const STEP_HOUR = 9;

const FIRST = ['Şükrü', 'Łucja', 'Nguyễn Thị Minh', 'Sanne', 'Mohammed', 'Anouk', 'Priya', 'Joost'];
const LAST = ['Yılmaz', 'Wiśniewska', 'Khai', 'de Vries', 'El Amrani', 'Jansen', 'Ramdin', 'van Dijk'];

/** A moment on a day, Amsterdam time. */
const at = (date: string, hour: number, minute = 0) =>
  new Date(startOfDate(date).getTime() + (hour * 60 + minute) * 60_000);

/** What the local Step Functions did in one execution: its states entered, retries, how it ended. */
interface ExecutionHistory {
  entered: Map<string, number>;
  retries: number;
  ended?: string;
}

/** Billed transitions: one per state entered, a retry being one more (AWS: "including retries"). */
const transitionsOf = (h: ExecutionHistory) => [...h.entered.values()].reduce((a, b) => a + b, 0) + h.retries;

/**
 * The execution history of every dunning execution, read from the workflow library's own event log of
 * each run (the local runtime keeps no history of its own): the bench wraps `StateMachine.run`, which the
 * local Step Functions calls for every execution, and reads the events the run emits anyway.
 */
const histories = new Map<string, ExecutionHistory>();
function recordDunningHistories(): void {
  const run = StateMachine.prototype.run;
  StateMachine.prototype.run = function (this: StateMachine, ...args: Parameters<StateMachine['run']>) {
    const execution = run.apply(this, args);
    const name = args[1]?.context?.Execution?.Name;
    if (typeof name === 'string' && name.startsWith('dunning-')) {
      const history: ExecutionHistory = { entered: new Map(), retries: 0 };
      histories.set(name, history);
      void (async () => {
        for await (const event of execution.eventLogs) {
          if (event.type === 'StateEntered')
            history.entered.set(event.state.name, (history.entered.get(event.state.name) ?? 0) + 1);
          else if (event.type === 'StateRetried') history.retries++;
          else if (event.type.startsWith('Execution') && event.type !== 'ExecutionStarted')
            history.ended = event.type;
        }
      })();
    }
    return execution;
  };
}

interface BenchRuntime extends Runtime {
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads the API's JSON bodies loosely
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** What the runtime logged: a workflow that failed, a stream record given up on. */
  problems: string[];
  shutdown(): Promise<void>;
}

async function benchRuntime(start: string): Promise<BenchRuntime> {
  const clock = virtualClock(startOfDate(start));
  const problems: string[] = [];
  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      clock,
      ports: { api: 0, dynamodb: 0, ses: 0 },
      log: (line) => {
        problems.push(line);
        log(`  runtime: ${line}`);
      },
    });
  } catch (error) {
    clock.uninstall();
    throw error;
  }
  // The local SES keeps its store in this process: each runtime of the bench starts with it empty.
  await fetch(`${runtime.sesUrl}/clear-store`, { method: 'POST' });
  return {
    ...runtime,
    problems,
    async call(method, path, body) {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    async shutdown() {
      await runtime.stop();
      clock.uninstall();
    },
  };
}

/** The e-mails the local SES holds: kind, reference (invoice and case), recipient, the day it was sent. */
async function emails(runtime: Runtime) {
  return (await sentEmails(runtime)).map((e) => ({
    kind: e.header('X-Opvang-Kind'),
    ref: e.header('X-Opvang-Ref'),
    to: e.destination.to.join(', '),
    on: e.header('X-Opvang-Date'),
  }));
}

async function scanAll(filter: string, values: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: TABLE_NAME,
        FilterExpression: filter,
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: values,
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

interface Task {
  id: string;
  error: string;
}

/**
 * The open staff tasks that say the pipeline could not do something. A parent paying by transfer is
 * listed as left out of the direct debit: a task by design, not counted.
 */
async function problemTasks(rt: BenchRuntime): Promise<Task[]> {
  const tasks: Task[] = (await rt.call('GET', '/tasks')).body?.tasks ?? [];
  return tasks.filter(
    (t) =>
      !(
        t.id.startsWith('sepa#') &&
        /^left out of the direct debit .*: (no IBAN|no SEPA mandate|pays by transfer)/.test(t.error)
      ),
  );
}

const countBy = (keys: string[]) =>
  keys.reduce<Record<string, number>>((counts, k) => {
    counts[k] = (counts[k] ?? 0) + 1;
    return counts;
  }, {});

/** Tasks counted by what failed (`e-mail#reminder-1`) and why. */
const tasksByKind = (tasks: Task[]) =>
  JSON.stringify(countBy(tasks.map((t) => `${t.id.split('#').slice(0, 2).join('#')}: ${t.error}`)));

/** Counts the handlers' DynamoDB requests at their own client (as the other benches do), until told to stop. */
function countRequests(): { counting: boolean; byCommand: Map<string, number> } {
  const counter = { counting: true, byCommand: new Map<string, number>() };
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      if (counter.counting) {
        const command = (context.commandName ?? '').replace(/Command$/, '');
        counter.byCommand.set(command, (counter.byCommand.get(command) ?? 0) + 1);
      }
      return next(args);
    },
    { step: 'initialize', name: 'countDunningRequests' },
  );
  return counter;
}

/** Items written as the invoice-run bench seeds them: BatchWriteItem, 25 at a time, four writers at once. */
async function batchWrite(items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let pending: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
        [TABLE_NAME]: chunk.map((Item) => ({ PutRequest: { Item } })),
      };
      while (pending && Object.keys(pending).length) {
        const result = await dynamo().send(new BatchWriteCommand({ RequestItems: pending }));
        pending = result.UnprocessedItems as typeof pending;
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/**
 * Parents who pay by transfer (no mandate, so March is invoiced `collect: transfer`, due 1 March), each
 * with Monday day care from January: parents as the store writes them, contracts as POST /contracts does.
 */
function families(count: number): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [];
  for (let n = 1; n <= count; n++) {
    const parentId = `dp${String(n).padStart(6, '0')}`;
    const parent: ParentRecord = {
      type: 'parent',
      id: parentId,
      name: `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`,
      email: `ouder${n}@example.nl`,
      language: n % 10 === 0 ? 'en' : 'nl',
    };
    items.push({ ...parentItem(parent) });
    const contract: ContractRecord = {
      type: 'contract',
      id: `dc${String(n).padStart(6, '0')}`,
      parentId,
      child: {
        name: `${FIRST[(n + 3) % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`,
        birthDate: KDV_MONDAYS.child.birthDate,
      },
      location: KDV_MONDAYS.location,
      product: 'KDV',
      weeks: 52,
      schedule: KDV_MONDAYS.schedule,
      start: '2027-01-01',
      status: 'active',
      signedOn: '2026-12-01',
      // CON-3: as the offer workflow sets it.
      end: automaticEndDate('KDV', KDV_MONDAYS.child.birthDate),
    };
    items.push({
      ...keys.contract(contract.id),
      ...keys.byParent(parentId, 'CONTRACT', contract.id),
      ...keys.allContracts(parentId, contract.id),
      ...contract,
    });
  }
  return items;
}

interface FirstReminders {
  parents: number;
  seconds: number;
  settledSeconds: number;
  /** The handlers' DynamoDB requests from 09:00 until the runtime was quiet, by command. */
  requests: Record<string, number>;
}

/** Part 1: N parents found unpaid on one day; the wall time until every first reminder is in the SES. */
async function firstReminders(): Promise<FirstReminders> {
  const rt = await benchRuntime('2027-02-19');
  try {
    const seedStarted = performance.now();
    log(`seeding ${PARENTS} parents paying by transfer, each with a contract…`);
    await batchWrite(families(PARENTS));
    log(`  ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);

    // INV-5: the run of 22 February invoices March, and the stream e-mails each invoice with its PDF.
    let started = performance.now();
    log(`invoicing ${MONTH} through the real pipeline (the run on 22 February, each invoice e-mailed)…`);
    await rt.advanceTo(at('2027-02-22', 12));
    const invoices = await monthInvoices(MONTH, ['number', 'collect', 'debitOn', 'total']);
    const byTransfer = invoices.filter((i) => i.collect === 'transfer' && i.debitOn === FOUND_UNPAID_ON);
    log(
      `  ${invoices.length} invoices, ${byTransfer.length} by transfer due ${FOUND_UNPAID_ON}, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    if (byTransfer.length !== PARENTS)
      throw new BenchFailure(
        `expected ${PARENTS} invoices by transfer due ${FOUND_UNPAID_ON}, found ${byTransfer.length}`,
      );
    const before = await problemTasks(rt);
    if (before.length) log(`  staff tasks after invoicing: ${before.length}: ${tasksByKind(before)}`);
    // Only the reminders in the SES from here: counting them stays cheap.
    await fetch(`${rt.sesUrl}/clear-store`, { method: 'POST' });

    // DUN-1: the daily check at 00:30 on 2 March finds every invoice due 1 March unpaid; each starts its
    // dunning, which opens the case and waits for reminder 1 at 09:00 (DUN-2).
    started = performance.now();
    log('nobody pays: to 08:59 on 2 March (found unpaid, every case opened and waiting)…');
    await rt.advanceTo(at(FIRST_REMINDER_DAY, STEP_HOUR - 1, 59));
    const waiting = rt.stepFunctions.describe();
    log(
      `  ${waiting.running} executions running, ${waiting.waitingForCallback} waiting, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    if (waiting.waitingForCallback !== PARENTS)
      throw new BenchFailure(
        `expected ${PARENTS} cases waiting for reminder 1, found ${waiting.waitingForCallback}`,
      );
    if ((await emails(rt)).length)
      throw new BenchFailure('e-mails were sent before the first reminder was due');

    log(`09:00 on 2 March: ${PARENTS} first reminders due…`);
    const requests = countRequests();
    started = performance.now();
    let allSentAt: number | undefined;
    let settledAt: number | undefined;
    let failure: unknown;
    const advanced = rt.advanceTo(at(FIRST_REMINDER_DAY, STEP_HOUR)).then(
      () => {
        settledAt = performance.now();
      },
      (error: unknown) => {
        failure = error;
        settledAt = performance.now();
      },
    );
    // The SES polled while the runtime works: the moment the last first reminder is there.
    for (;;) {
      const count = (await emails(rt)).filter((e) => e.kind === 'reminder-1').length;
      if (count >= PARENTS) {
        allSentAt = performance.now();
        break;
      }
      if (settledAt !== undefined) break;
      await realSleep(200);
    }
    await advanced;
    requests.counting = false;
    if (failure) throw failure;
    const seconds = ((allSentAt ?? (settledAt as number)) - started) / 1000;
    const settledSeconds = ((settledAt as number) - started) / 1000;

    // Exactly one first reminder per parent, and each case records it (DUN-2), nothing else sent.
    const sent = await emails(rt);
    const reminders = sent.filter((e) => e.kind === 'reminder-1');
    log(
      `  ${reminders.length} first reminders in the SES after ${seconds.toFixed(2)} s; the runtime quiet after ${settledSeconds.toFixed(2)} s`,
    );
    const wrong: string[] = [];
    if (reminders.length !== PARENTS)
      wrong.push(`${reminders.length} first reminders sent for ${PARENTS} parents`);
    const perRef = new Map<string, number>();
    for (const r of reminders) perRef.set(r.ref, (perRef.get(r.ref) ?? 0) + 1);
    const twice = [...perRef].filter(([, n]) => n > 1).map(([ref]) => ref);
    if (twice.length) wrong.push(`sent more than once: ${twice.slice(0, 10).join(', ')}`);
    const recipients = new Set(reminders.map((r) => r.to));
    if (recipients.size !== PARENTS) wrong.push(`${recipients.size} parents reminded, of ${PARENTS}`);
    const expected = new Set(byTransfer.map((i) => i.number));
    const missing = [...expected].filter(
      (number) => ![...perRef.keys()].some((ref) => ref.startsWith(number)),
    );
    if (missing.length) wrong.push(`no first reminder for invoices ${missing.slice(0, 10).join(', ')}`);
    if (reminders.some((r) => r.on !== FIRST_REMINDER_DAY)) wrong.push('a first reminder dated another day');
    const others = sent.filter((e) => e.kind !== 'reminder-1');
    if (others.length)
      wrong.push(`${others.length} other e-mails: ${[...new Set(others.map((e) => e.kind))].join(', ')}`);
    const cases = await scanAll('#type = :case', { ':case': 'dunning-case' });
    const recorded = cases.filter(
      (c) =>
        c.foundUnpaidOn === FOUND_UNPAID_ON &&
        (c.done as Record<string, { on?: string }> | undefined)?.['reminder-1']?.on === FIRST_REMINDER_DAY,
    );
    if (cases.length !== PARENTS || recorded.length !== PARENTS)
      wrong.push(
        `${cases.length} cases, ${recorded.length} with reminder 1 recorded on ${FIRST_REMINDER_DAY}`,
      );
    const tasks = await problemTasks(rt);
    if (tasks.length) wrong.push(`${tasks.length} staff tasks: ${tasksByKind(tasks)}`);
    // How each first reminder's e-mail record ended (the mailer's claimed → submitting → sent).
    const records = await scanAll('#type = :email AND kind = :kind', {
      ':email': 'email',
      ':kind': 'reminder-1',
    });
    const outcomes = countBy(records.map((r) => `${r.status}${r.error ? ` (${r.error})` : ''}`));
    if (Object.keys(outcomes).some((o) => o !== 'sent'))
      wrong.push(`the reminders' e-mail records: ${JSON.stringify(outcomes)}`);
    if (rt.problems.length) wrong.push(`the runtime reported: ${rt.problems.slice(0, 5).join('; ')}`);
    if (wrong.length) throw new BenchFailure(`first reminders: ${wrong.join('; ')}`);
    return { parents: PARENTS, seconds, settledSeconds, requests: Object.fromEntries(requests.byCommand) };
  } finally {
    await rt.shutdown();
  }
}

interface Ladder {
  /** The March case: reminder 1, reminder 2 with its letter, the hand-over, the end. */
  ladder: ExecutionHistory;
  /** The April case: the termination (DUN-8), then its own ladder. */
  termination: ExecutionHistory;
}

/**
 * Part 2: one family that never pays, as the ladder test runs it: March found unpaid on 1 March, reminder
 * 1 on 2 March, reminder 2 (e-mail and letter) on 16 March, the hand-over on 24 March (DUN-2..4); April
 * found unpaid on 1 April while March still is: the contract terminated on 2 April (DUN-8).
 */
async function ladderHistories(): Promise<Ladder> {
  const rt = await benchRuntime('2027-02-19');
  try {
    await rt.advanceTo(at('2027-02-19', 9));
    const parent = await rt.call('PUT', '/parents/p2', {
      name: 'Şükrü Yılmaz',
      email: 'sukru@example.nl',
      iban: 'NL02ABNA0123456789',
      address: { street: 'Kanaalstraat 12', postcode: '3531 CK', city: 'Utrecht' },
    });
    const contract = await rt.call('POST', '/contracts', {
      ...KDV_MONDAYS,
      id: 'c2',
      parent: 'p2',
      start: '2027-01-01',
    });
    if (parent.status !== 200 || contract.status !== 201)
      throw new BenchFailure(`the family was not registered: ${parent.status}, ${contract.status}`);
    log('one full ladder: February 19 to May 31…');
    const started = performance.now();
    await rt.advanceTo(at('2027-05-31', 12));
    log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const march = (await monthInvoices('2027-03', ['number']))[0]?.number;
    const april = (await monthInvoices('2027-04', ['number', 'foundUnpaidOn']))[0];
    if (!march || !april?.foundUnpaidOn)
      throw new BenchFailure('March and April were not both invoiced and found unpaid');
    const sent = await emails(rt);
    const kinds = (ref: string) => sent.filter((e) => e.ref.startsWith(ref)).map((e) => `${e.kind} ${e.on}`);
    log(
      `  March ${march}: ${kinds(march).join(', ')}; April ${april.number}: ${kinds(april.number).join(', ')}`,
    );
    // The ladder ran whole: each step once on its day (DUN-2..4, DUN-8), the letter of reminder 2 to print.
    const expected = {
      [march]: ['reminder-1 2027-03-02', 'reminder-2 2027-03-16', 'handover 2027-03-24'],
      [april.number]: ['termination 2027-04-02'],
    };
    for (const [invoice, steps] of Object.entries(expected))
      for (const step of steps)
        if (kinds(invoice).filter((k) => k === step).length !== 1)
          throw new BenchFailure(`invoice ${invoice}: not exactly one ${step}: ${kinds(invoice).join(', ')}`);
    const letters = await fetch(`${rt.apiUrl}/letters?date=2027-03-16`, {
      headers: { authorization: `Bearer ${rt.adminKey}` },
    });
    if (letters.headers.get('content-type') !== 'application/pdf')
      throw new BenchFailure(`no letter of reminder 2 to print on 16 March: ${await letters.text()}`);
    const ladder = histories.get(executionNames.dunning(march, FOUND_UNPAID_ON));
    const termination = histories.get(executionNames.dunning(april.number, april.foundUnpaidOn));
    if (!ladder || !termination) throw new BenchFailure('no history of the dunning executions was recorded');
    if (ladder.ended !== 'ExecutionSucceeded' || termination.ended !== 'ExecutionSucceeded')
      throw new BenchFailure(`the cases did not end: ${ladder.ended}, ${termination.ended}`);
    return { ladder, termination };
  } finally {
    await rt.shutdown();
  }
}

/** A check of the bench that failed: a real problem, reported and exit code 1. */
class BenchFailure extends Error {
  override name = 'BenchFailure';
}

async function main() {
  recordDunningHistories();
  const ladder = await ladderHistories();
  const reminders = await firstReminders();
  // Per case, the larger of the two ladders (the second also terminates the contract).
  const transitionsPerLadder = Math.max(transitionsOf(ladder.ladder), transitionsOf(ladder.termination));
  const figures = {
    dunning: {
      parents: reminders.parents,
      firstRemindersSeconds: Number(reminders.seconds.toFixed(2)),
      remindersPerSecond: Math.round(reminders.parents / reminders.seconds),
      transitionsPerLadder,
      transitionsTarget: TRANSITIONS_TARGET,
      meetsTarget: transitionsPerLadder <= TRANSITIONS_TARGET,
    },
  };
  const byState = (h: ExecutionHistory) =>
    `${[...h.entered].map(([s, n]) => `${s} ${n}`).join(', ')}${h.retries ? `, retries ${h.retries}` : ''}; ${h.ended ?? 'still running'}`;
  const requestCount = Object.values(reminders.requests).reduce((a, b) => a + b, 0);
  const perReminder = (requestCount / reminders.parents).toFixed(1);
  if (values.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  else
    process.stdout.write(
      [
        `dunning: ${reminders.parents} parents found unpaid on ${FOUND_UNPAID_ON}`,
        `  every first reminder sent ${figures.dunning.firstRemindersSeconds} s after the clock reached 09:00 on ${FIRST_REMINDER_DAY} (${figures.dunning.remindersPerSecond}/s); the runtime quiet after ${reminders.settledSeconds.toFixed(2)} s`,
        `  DynamoDB requests of the handlers per first reminder: ${perReminder} ${JSON.stringify(reminders.requests)}`,
        `  state transitions per case, as Step Functions Standard bills them (states entered, retries included):`,
        `    a full ladder (reminder 1, reminder 2 with letter, hand-over, end): ${transitionsOf(ladder.ladder)} (${byState(ladder.ladder)})`,
        `    the next month's case, terminating the contract first (DUN-8), then its own ladder: ${transitionsOf(ladder.termination)} (${byState(ladder.termination)})`,
        `  target ≤ ${TRANSITIONS_TARGET} per case: ${figures.dunning.meetsTarget ? 'met' : 'NOT met'} (${transitionsPerLadder})`,
        '',
      ].join('\n'),
    );
}

try {
  await main();
} catch (error) {
  log(`${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
}
