/**
 * `npm run bench -- --only complaints [--json] [--seconds 10] [--connections 10]`, or on its own
 * `npx tsx test/bench/complaint-webhook.bench.ts` with also `[--rate N] [--clock real|virtual]
 * [--stream held|alongside] [--part all|load|transitions] [--profile FILE]` (issue 11 item 5, issue 12
 * item 4): the complaint webhook under load, and what the complaint workflow costs, on the local runtime
 * (DynamoDB Local and its stream, the local workflows, the local SES: the real pipeline).
 * 1. Load: `POST /webhooks/complaints/{provider}` under autocannon, run in a process of its own: signed
 *    submissions, each with its own submission id and signed with the provider's secret as that provider
 *    signs, in turn a Typeform parent, a Typeform parents' committee, a Tally parent and a generic body
 *    (test/fixtures/complaints/), all signed before the load starts. Closed loop by default:
 *    `--connections` senders, each posting the next submission when the last is answered, so the accepted
 *    rate is the throughput and the latencies are those at that many in flight. `--rate N` caps the rate
 *    with autocannon's limiter instead (which lets each connection send its share of a second at the start
 *    of that second: bursts, not a steady flow). Targets (issue 11 item 5): ≥ 500 accepted a second,
 *    p99 < 100 ms. A fixed number of submissions is sent (the throughput of a short warm-up times
 *    `--seconds`), so that no request is cut off unanswered at the end.
 *    Two phases, measured and reported apart. Phase 1, the webhook: with `--stream held` (default) the
 *    runtime's stream poller reads nothing while the warm-up and the load run, as in AWS, where the
 *    stream's handlers and the workflows run on compute of their own and take nothing from the webhook;
 *    `--stream alongside` lets them run in the same process, on the same two cores, as `npm start` does;
 *    `--clock virtual` holds the stream as the tests' runtime does. Phase 2, the stream: from the end of the
 *    load until the runtime is quiet, the complaints still to acknowledge, how long they took and what
 *    they cost. Then it checks (exit code 1 otherwise): exactly as many complaints stored as were accepted
 *    (202), each carrying the raw submission it came from (KLA-1), each acknowledged exactly once (one
 *    `complaint-received` e-mail per complaint in the local SES, `acknowledgedOn` set, KLA-2), each
 *    workflow waiting for its answer, no staff task other than the routing (KLA-3) and unknown invoice
 *    numbers (DUN-11). It also reports where the time went: the CPU of each process (the runtime, DynamoDB
 *    Local, the load generator) against the machine's two cores and the machine's load average (other
 *    users' work shows there), the runtime's event loop, and per phase the time of the signature check, the
 *    form mapping and every DynamoDB, SES and Step Functions request.
 * 2. The state transitions of a complaint, as Step Functions Standard bills them (each state entered,
 *    retries included; target ≤ 15): one that escalates and is answered after the escalation, one that
 *    escalates and is never answered (waiting until the last day to file, KLA-6), and one answered in
 *    week 3 (KLA-4), each with its e-mails checked on their days.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { StateMachine } from 'aws-local-stepfunctions';
import { dynamo, ses, stepFunctions } from '#functions/adapters/clients.ts';
import { sentEmails } from '#infra/local/report.ts';
import { type Runtime, startRuntime } from '#infra/local/runtime.ts';
import { type RuntimeClock, realClock, virtualClock } from '#infra/local/runtime-clock.ts';
import { StreamPoller } from '#infra/local/stream-poller.ts';
import { TABLE_NAME } from '#infra/local/table-design.ts';
import { startOfDate } from '#shared/clock.ts';
import {
  COMPLAINT_PROVIDERS,
  type ComplaintProviderName,
  complaintProviders,
} from '#shared/complaints/providers.ts';
import { executionNames } from '#shared/keys.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Targets: issue 11 item 5 (the webhook), issue 12 item 4 (transitions per complaint). */
const TARGET_PER_SECOND = 500;
const TARGET_P99_MS = 100;
const TRANSITIONS_TARGET = 15;

/** This file runs twice: as the bench, and (spawned by it) as the load generator in a process of its own. */
const ROLE_VARIABLE = 'OPVANG_COMPLAINT_BENCH_ROLE';

// ─── the load generator (its own process) ──────────────────────────────────────────────────────────────

interface LoadConfig {
  url: string;
  secrets: Record<ComplaintProviderName, string>;
  /** Distinct per run and phase: every submission id is new. */
  runId: string;
  connections: number;
  /** Submissions to send; each connection stops after its share is answered. */
  amount: number;
  /** Requests a second over all connections (autocannon's limiter); 0: as fast as answered. */
  rate: number;
}

interface LoadResult {
  seconds: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Latency of each response, ms, as autocannon measured it (request written → response read). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** CPU of the generator process over the run, and the part spent building and signing the bodies. */
  cpuSeconds: number;
  built: number;
  buildSeconds: number;
  signSeconds: number;
}

/** A complaint as its provider posts it (test/fixtures/complaints/, written from their documentation). */
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/complaints/${name}.json`, import.meta.url), 'utf8'));

/** Where the marker stands in a fixture, each submission puts its own id. */
const ID_MARK = '@@submission-id@@';

interface SubmissionTemplate {
  provider: ComplaintProviderName;
  /** The compact JSON body, split at the submission id. */
  parts: string[];
}

/** The fixtures as each provider posts them, their submission (and event) ids left open. */
function submissionTemplates(): SubmissionTemplate[] {
  const typeform = (name: string) => {
    const body = fixture(name);
    body.event_id = ID_MARK;
    body.form_response.token = ID_MARK;
    return body;
  };
  const tally = fixture('tally-parent');
  tally.eventId = ID_MARK;
  tally.data.responseId = ID_MARK;
  tally.data.submissionId = ID_MARK;
  const generic = { ...fixture('generic'), submissionId: ID_MARK };
  const template = (provider: ComplaintProviderName, body: unknown) => ({
    provider,
    parts: JSON.stringify(body).split(ID_MARK),
  });
  return [
    template('typeform', typeform('typeform-parent')),
    template('tally', tally),
    template('typeform', typeform('typeform-parents-committee')),
    template('generic', generic),
  ];
}

function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function generateLoad(config: LoadConfig): Promise<LoadResult> {
  const { default: autocannon } = await import('autocannon');
  const templates = submissionTemplates();
  let built = 0;
  let buildNs = 0n;
  let signNs = 0n;
  // A submission as its provider posts it: a new submission id, signed as that provider signs.
  const submission = (n: number) => {
    const started = process.hrtime.bigint();
    const template = templates[n % templates.length] as SubmissionTemplate;
    const body = Buffer.from(template.parts.join(`${config.runId}-${n}`));
    const signing = process.hrtime.bigint();
    const signature = complaintProviders[template.provider].sign(
      body,
      config.secrets[template.provider],
      new Date(),
    );
    const done = process.hrtime.bigint();
    signNs += done - signing;
    buildNs += done - started;
    built++;
    return {
      method: 'POST' as const,
      path: `/webhooks/complaints/${template.provider}`,
      headers: { 'content-type': 'application/json', ...signature },
      body,
    };
  };
  // All of them signed before the load starts (the generic signature's time stays well inside its
  // 5 minutes): the generator shares the machine's two cores with what it measures, and its own work
  // while the load runs is only sending and reading.
  const prepared = Array.from({ length: config.amount }, (_, n) => submission(n));
  let next = 0;
  const setupRequest = (request: import('autocannon').Request) => {
    const n = next++;
    return { ...request, ...(prepared[n] ?? submission(n)) };
  };
  const latencies: number[] = [];
  process.send?.({ started: true });
  const cpu = process.cpuUsage();
  const result = await new Promise<import('autocannon').Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: config.url,
        connections: config.connections,
        amount: config.amount,
        ...(config.rate > 0 ? { overallRate: config.rate } : {}),
        // The latencies are taken from each response below: autocannon's correction for a rate assumes an
        // interval of 1 ms per connection and would add made-up samples.
        ...(config.rate > 0 ? { ignoreCoordinatedOmission: true } : {}),
        timeout: 10,
        requests: [{ setupRequest }],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  const used = process.cpuUsage(cpu);
  const sorted = Float64Array.from(latencies).sort();
  const statusCounts = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  return {
    seconds: result.duration,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.length ? (sorted[sorted.length - 1] as number) : 0,
      mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    },
    cpuSeconds: (used.user + used.system) / 1e6,
    built,
    buildSeconds: Number(buildNs) / 1e9,
    signSeconds: Number(signNs) / 1e9,
  };
}

/**
 * Runs one phase of load in the generator process (this file, spawned); resolves with its figures.
 * `onStart` is called when autocannon starts (the process itself takes a second or two to start).
 */
function runLoadGenerator(config: LoadConfig, onStart: () => void = () => {}): Promise<LoadResult> {
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, [ROLE_VARIABLE]: 'load-generator' },
  });
  return new Promise((resolve, reject) => {
    let result: LoadResult | undefined;
    child.once('error', reject);
    child.on('message', (message: { started: true } | { result: LoadResult }) => {
      if ('started' in message) onStart();
      else result = message.result;
    });
    child.once('exit', (code, signal) =>
      result
        ? resolve(result)
        : reject(new Error(`the load generator ended with ${signal ?? `exit code ${code}`}`)),
    );
    child.send(config);
  });
}

// ─── the bench ─────────────────────────────────────────────────────────────────────────────────────────

/** A check of the bench that failed: a real problem, reported and exit code 1. */
class BenchFailure extends Error {
  override name = 'BenchFailure';
}

interface Options {
  json: boolean;
  seconds: number;
  connections: number;
  rate: number;
  clock: 'real' | 'virtual';
  /** The real clock: the stream read only after the load (`held`), or while it runs (`alongside`). */
  stream: 'held' | 'alongside';
  part: 'all' | 'load' | 'transitions';
  /** Where to write a CPU profile of the runtime's process while the load runs. */
  profile?: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      rate: { type: 'string', default: '0' },
      clock: { type: 'string', default: 'real' },
      stream: { type: 'string', default: 'held' },
      part: { type: 'string', default: 'all' },
      profile: { type: 'string' },
    },
  });
  const number = (name: string, value: string, min: number, max: number) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max)
      throw new RangeError(`--${name} ${value}: a whole number from ${min} to ${max}`);
    return n;
  };
  if (values.clock !== 'real' && values.clock !== 'virtual')
    throw new RangeError(`--clock ${values.clock}: real or virtual`);
  if (values.stream !== 'held' && values.stream !== 'alongside')
    throw new RangeError(`--stream ${values.stream}: held or alongside`);
  if (values.clock === 'virtual' && values.stream === 'alongside')
    throw new RangeError(
      '--stream alongside needs the real clock: the virtual one reads the stream when it settles',
    );
  if (values.part !== 'all' && values.part !== 'load' && values.part !== 'transitions')
    throw new RangeError(`--part ${values.part}: all, load or transitions`);
  return {
    json: values.json,
    seconds: number('seconds', values.seconds, 1, 120),
    connections: number('connections', values.connections, 1, 1000),
    rate: number('rate', values.rate, 0, 100_000),
    clock: values.clock,
    stream: values.stream,
    part: values.part,
    ...(values.profile ? { profile: values.profile } : {}),
  };
}

interface BenchRuntime extends Runtime {
  /** What the runtime logged: a workflow that failed, a stream record given up on. */
  problems: string[];
  shutdown(): Promise<void>;
}

async function benchRuntime(clock: RuntimeClock): Promise<BenchRuntime> {
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
    async shutdown() {
      await runtime.stop();
      clock.uninstall();
    },
  };
}

async function scanAll(
  filter: string,
  values: Record<string, unknown>,
  projection?: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({
        TableName: TABLE_NAME,
        FilterExpression: filter,
        // `#status` in the projection names `status` (a reserved word), and so on.
        ExpressionAttributeNames: Object.fromEntries(
          [...`#type ${projection ?? ''}`.matchAll(/#(\w+)/g)].map((m) => [m[0], m[1] as string]),
        ),
        ExpressionAttributeValues: values,
        ...(projection ? { ProjectionExpression: projection } : {}),
        ExclusiveStartKey: start,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

const countBy = (keys: string[]) =>
  keys.reduce<Record<string, number>>((counts, k) => {
    counts[k] = (counts[k] ?? 0) + 1;
    return counts;
  }, {});

// ─── where the time goes ───────────────────────────────────────────────────────────────────────────────

/** Durations (ms) of one kind of work in the runtime's process while the load ran. */
class Timings {
  private readonly byPhase = { load: new Map<string, number[]>(), backlog: new Map<string, number[]>() };
  /** What is recorded now: phase 1 (the load) or phase 2 (the stream's backlog); nothing in between. */
  phase: 'load' | 'backlog' | undefined;
  /** Every request that failed, while the runtime ran (warm-up and settling included): what and why. */
  readonly errors: string[] = [];
  add(name: string, ms: number): void {
    if (!this.phase) return;
    const byName = this.byPhase[this.phase];
    const list = byName.get(name);
    if (list) list.push(ms);
    else byName.set(name, [ms]);
  }
  summary(
    phase: 'load' | 'backlog',
  ): { name: string; count: number; meanMs: number; p50Ms: number; p99Ms: number; totalS: number }[] {
    return [...this.byPhase[phase]]
      .map(([name, list]) => {
        const sorted = Float64Array.from(list).sort();
        const total = list.reduce((a, b) => a + b, 0);
        return {
          name,
          count: list.length,
          meanMs: total / list.length,
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
          totalS: total / 1000,
        };
      })
      .sort((a, b) => b.totalS - a.totalS);
  }
}

/** A DynamoDB request named by what it touches: `PutItem COMPLAINT` is the webhook storing a complaint. */
function dynamoRequestName(command: string, input: Record<string, unknown> | undefined): string {
  const key = (input?.Item ?? input?.Key) as { pk?: unknown } | undefined;
  const verb = command.replace(/Command$/, '');
  if (typeof key?.pk === 'string') return `DynamoDB ${verb} ${key.pk.split('#')[0]}`;
  return `DynamoDB ${verb}${input?.IndexName ? ` ${input.IndexName}` : ''}`;
}

/**
 * Times, in the runtime's process, what a submission and its complaint cost: the signature check and the
 * form mapping of each provider (the handler calls them through `complaintProviders`), and every request
 * of the handlers' DynamoDB, SES and Step Functions clients (the webhook's own is `PutItem COMPLAINT`, the
 * complaint with its raw submission; the rest is the stream and the workflow steps).
 */
function timeTheWork(timings: Timings): () => void {
  const time =
    (name: string) =>
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
    async (args: unknown) => {
      const started = performance.now();
      try {
        return await next(args);
      } catch (error) {
        // The SDK names a reset connection (ECONNRESET, EPIPE) a TimeoutError: the code tells them apart.
        const { name: kind, code, message } = error as { name?: string; code?: string; message?: string };
        timings.errors.push(
          `${name} ${context.commandName ?? ''}: ${kind}${code ? ` ${code}` : ''}: ${(message ?? '').slice(0, 140)}`,
        );
        throw error;
      } finally {
        const input = (args as { input?: Record<string, unknown> }).input;
        timings.add(
          name === 'DynamoDB'
            ? dynamoRequestName(context.commandName ?? '', input)
            : `${name} ${(context.commandName ?? '').replace(/Command$/, '')}`,
          performance.now() - started,
        );
      }
    };
  // biome-ignore lint/suspicious/noExplicitAny: one middleware for three clients' stacks
  const stacks: [{ add: (...args: any[]) => void }, string][] = [
    [dynamo().middlewareStack, 'DynamoDB'],
    [ses().middlewareStack, 'SES'],
    [stepFunctions().middlewareStack, 'Step Functions'],
  ];
  for (const [stack, name] of stacks)
    stack.add(time(name), { step: 'initialize', name: `complaintBench${name.replace(/\s/g, '')}` });
  const originals = COMPLAINT_PROVIDERS.map((p) => [p, { ...complaintProviders[p] }] as const);
  for (const [provider, original] of originals) {
    complaintProviders[provider].verify = (...args) => {
      const started = performance.now();
      try {
        return original.verify(...args);
      } finally {
        timings.add(`signature check (${provider})`, performance.now() - started);
      }
    };
    complaintProviders[provider].toIntake = (...args) => {
      const started = performance.now();
      try {
        return original.toIntake(...args);
      } finally {
        timings.add(`form mapping (${provider})`, performance.now() - started);
      }
    };
  }
  return () => {
    for (const [provider, original] of originals) Object.assign(complaintProviders[provider], original);
  };
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** The processes this one started, and theirs: DynamoDB Local runs as a Java process under a shell. */
function descendants(root: number): { pid: number; cpuSeconds: number; command: string }[] {
  const all: { pid: number; ppid: number; cpuSeconds: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cpuTicks = Number(fields[11]) + Number(fields[12]);
      all.push({ pid: Number(entry), ppid: Number(fields[1]), cpuSeconds: cpuTicks / CLOCK_TICKS });
    } catch {
      // gone meanwhile
    }
  }
  const found: { pid: number; cpuSeconds: number; command: string }[] = [];
  const queue = [root];
  while (queue.length) {
    const parent = queue.shift() as number;
    for (const p of all.filter((q) => q.ppid === parent)) {
      queue.push(p.pid);
      let command = '';
      try {
        command = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {}
      found.push({ pid: p.pid, cpuSeconds: p.cpuSeconds, command });
    }
  }
  return found;
}

/** CPU seconds used so far by DynamoDB Local (its Java process). */
const dynamoDbLocalCpuSeconds = () =>
  descendants(process.pid)
    .filter((p) => p.command.includes('DynamoDBLocal'))
    .reduce((sum, p) => sum + p.cpuSeconds, 0);

const processCpuSeconds = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1e6;
};

/** Self time by where the code lives (a package, a folder of this project, Node's own, GC, idle). */
type ProfileSummary = { where: string; ms: number; share: number }[];

interface CpuProfile {
  nodes: { id: number; callFrame: { url: string; functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
}

function whereCodeLives(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:'))
    return `node:${url.slice(5).split('/')[0] === 'internal' ? url.slice(14).split('/')[0] : url.slice(5)}`;
  const own = /\/(functions|shared|infra|test)\/(.*\/)?([^/]+)$/.exec(url);
  return own ? `${own[1]}/${own[2] ?? ''}${own[3]}` : url;
}

function summariseProfile(profile: CpuProfile): ProfileSummary {
  const where = new Map(
    profile.nodes.map((n) => [n.id, whereCodeLives(n.callFrame.url, n.callFrame.functionName)]),
  );
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const key = where.get(id) ?? '(unknown)';
    // The profiler's own stop (serialising the profile) is not the runtime's work.
    if (key === 'node:inspector') return;
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    self.set(key, (self.get(key) ?? 0) + us);
  });
  return [...self]
    .map(([w, us]) => ({ where: w, ms: us / 1000, share: us / Math.max(1, total) }))
    .sort((a, b) => b.ms - a.ms);
}

/** The V8 sampling profiler of this process (the runtime's), from now until `stop`. */
async function startProfiler() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file: string): Promise<ProfileSummary> {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return summariseProfile(profile as unknown as CpuProfile);
    },
  };
}

// ─── part 1: the webhook under load ────────────────────────────────────────────────────────────────────

interface CpuShare {
  /** CPU seconds over the load's wall time. */
  seconds: number;
  /** Share of the machine's two cores over the load (1 = both cores busy the whole time). */
  ofMachine: number;
  /** CPU milliseconds per accepted submission. */
  msPerSubmission: number;
}

interface LoadFigures {
  clock: 'real' | 'virtual';
  stream: 'held' | 'alongside';
  connections: number;
  rate: number;
  submissions: number;
  accepted: number;
  seconds: number;
  acceptedPerSecond: number;
  latencyMs: LoadResult['latencyMs'];
  non2xx: number;
  errors: number;
  statusCounts: Record<string, number>;
  warmup: { accepted: number; acceptedPerSecond: number };
  stored: number;
  /** Of them, the complaints that carry the raw submission they came from (KLA-1). */
  withRaw: number;
  acknowledgedOnce: number;
  /** What the checks found wrong (exit code 1), and the requests of the handlers that failed. */
  problems: string[];
  failedRequests: Record<string, number>;
  /**
   * Phase 2, the stream: from the end of the load (`held`: from when the stream is let go) until every
   * complaint was acknowledged and the runtime quiet; how many complaints were still to do then.
   */
  backlog: { complaints: number; seconds: number; perSecond: number };
  cpu: {
    runtime: CpuShare;
    dynamoDbLocal: CpuShare;
    generator: CpuShare;
    /** Signing every submission, before the load started. */
    signing: { seconds: number; microsPerSubmission: number };
    /** CPU of the runtime and DynamoDB Local in phase 2, per complaint of the backlog. */
    backlogMsPerComplaint: { runtime: number; dynamoDbLocal: number };
  };
  eventLoop: { utilisation: number; delayP99Ms: number; delayMaxMs: number };
  timings: ReturnType<Timings['summary']>;
  /** The same in phase 2: the stream's handlers and the workflows' steps. */
  backlogTimings: ReturnType<Timings['summary']>;
  /** With `--profile`: the runtime's CPU samples during the load, by where the code lives. */
  profile?: ProfileSummary;
  loadAverage: { before: string; after: string };
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/**
 * `--stream held`: while it is on, the runtime's stream poller (in this process) reads nothing, and what
 * was written waits in the stream for when it is let go. In AWS the stream's handlers and the workflows
 * run on compute of their own, beside the webhook's; on one machine of two cores they would share them
 * with the webhook, and the bench measures the two phases apart: the webhook under load, then the stream
 * working through what it left (every complaint acknowledged once).
 */
const streamHold = { on: false };
const pollOnce = StreamPoller.prototype.pollOnce;
StreamPoller.prototype.pollOnce = function (this: StreamPoller) {
  return streamHold.on ? Promise.resolve(0) : pollOnce.call(this);
};

/** Whether a complaint carries the raw submission it came from, as the provider posted it (KLA-1). */
function carriesItsSubmission(complaint: Record<string, unknown>): boolean {
  const submission = complaint.submission as { raw?: unknown; hash?: unknown; headers?: unknown } | undefined;
  return (
    typeof submission?.raw === 'string' &&
    submission.hash === createHash('sha256').update(submission.raw, 'utf8').digest('hex') &&
    Object.values((submission.headers ?? {}) as Record<string, unknown>).some(
      (h) => typeof h === 'string' && h,
    )
  );
}

async function webhookUnderLoad(opts: Options): Promise<LoadFigures> {
  const clock = opts.clock === 'virtual' ? virtualClock(new Date()) : realClock();
  const rt = await benchRuntime(clock);
  const timings = new Timings();
  const untime = timeTheWork(timings);
  const held = opts.clock === 'real' && opts.stream === 'held';
  try {
    const url = `${rt.apiUrl}/webhooks/complaints`;
    const run = (phase: string, amount: number, onStart?: () => void) =>
      runLoadGenerator(
        {
          url,
          secrets: rt.webhookSecrets,
          runId: `bench-${Date.now().toString(36)}-${phase}`,
          connections: opts.connections,
          amount,
          rate: opts.rate,
        },
        onStart,
      );
    streamHold.on = held;
    // A warm-up, to compile the handlers and open the connections, and to find the rate: the measured
    // run sends what the warm-up's rate takes `--seconds` to send.
    log(`warming up: ${opts.connections * 40} signed submissions…`);
    const warmup = await run('warmup', opts.connections * 40);
    const warmupAccepted = warmup.statusCounts['202'] ?? 0;
    const warmupRate = warmupAccepted / warmup.seconds;
    log(`  ${Math.round(warmupRate)}/s${held ? '' : '; settling…'}`);
    // Held, the warm-up's complaints wait in the stream with the load's (settling reads the stream).
    if (!held) await rt.settle();

    const amount = Math.max(opts.connections * 10, Math.round(warmupRate * opts.seconds));
    const loadBefore = loadAverage();
    log(
      `load: ${amount} signed submissions, ${opts.connections} connections, ${opts.rate ? `at most ${opts.rate}/s` : 'each posting the next when answered'}, stream ${held ? 'held until the load ends' : opts.clock === 'real' ? 'running alongside' : 'read afterwards (virtual clock)'} (load average ${loadBefore})…`,
    );
    const delay = monitorEventLoopDelay({ resolution: 10 });
    let elu = performance.eventLoopUtilization();
    let cpu = { runtime: processCpuSeconds(), dynamo: dynamoDbLocalCpuSeconds() };
    let profiler: ReturnType<typeof startProfiler> | undefined;
    // Measured from the moment autocannon starts.
    const result = await run('load', amount, () => {
      elu = performance.eventLoopUtilization();
      cpu = { runtime: processCpuSeconds(), dynamo: dynamoDbLocalCpuSeconds() };
      delay.enable();
      timings.phase = 'load';
      if (opts.profile) profiler = startProfiler();
    });
    const profile = await (await profiler)?.stop(opts.profile as string);
    timings.phase = undefined;
    delay.disable();
    const used = {
      runtime: processCpuSeconds() - cpu.runtime,
      dynamo: dynamoDbLocalCpuSeconds() - cpu.dynamo,
    };
    const utilisation = performance.eventLoopUtilization(elu).utilization;
    const loadAfter = loadAverage();
    const accepted = result.statusCounts['202'] ?? 0;
    const responses = Object.values(result.statusCounts).reduce((a, b) => a + b, 0);
    log(
      `  ${accepted} accepted of ${responses} in ${result.seconds.toFixed(2)} s: ${Math.round(accepted / result.seconds)}/s, p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms`,
    );

    // Phase 2, KLA-2: every complaint acknowledged, once; the stream's backlog is what settling takes:
    // the complaints accepted and not yet acknowledged when the load ended.
    const acknowledgedBefore = (await sentEmails(rt)).filter(
      (e) => e.header('X-Opvang-Kind') === 'complaint-received',
    ).length;
    const backlog = warmupAccepted + accepted - acknowledgedBefore;
    const backlogCpu = { runtime: processCpuSeconds(), dynamo: dynamoDbLocalCpuSeconds() };
    const backlogStarted = performance.now();
    streamHold.on = false;
    timings.phase = 'backlog';
    await rt.settle();
    timings.phase = undefined;
    const backlogSeconds = (performance.now() - backlogStarted) / 1000;
    const backlogUsed = {
      runtime: processCpuSeconds() - backlogCpu.runtime,
      dynamo: dynamoDbLocalCpuSeconds() - backlogCpu.dynamo,
    };

    const wrong: string[] = [];
    const expected = warmupAccepted + accepted;
    const complaints = await scanAll(
      '#type = :complaint',
      { ':complaint': 'complaint' },
      'id, acknowledgedOn, #submission',
    );
    log(
      `  ${held ? 'the stream let go' : 'the load ended'}: ${backlog} complaints to acknowledge; the runtime quiet ${backlogSeconds.toFixed(2)} s later (${Math.round(backlog / backlogSeconds)}/s); checking…`,
    );
    if (complaints.length !== expected)
      wrong.push(`${complaints.length} complaints stored, ${expected} accepted (202)`);
    // KLA-1: the raw body stored with each complaint, as signed; no submission stored on its own (none refused).
    const withoutRaw = complaints.filter((c) => !carriesItsSubmission(c)).length;
    if (withoutRaw) wrong.push(`${withoutRaw} complaints without the raw submission they came from`);
    const submissions = await scanAll('#type = :submission', { ':submission': 'submission' }, '#status');
    const answered = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    const notAccepted = answered(warmup.statusCounts) - warmupAccepted + (responses - accepted);
    if (submissions.length > notAccepted)
      wrong.push(
        `${submissions.length} submissions stored apart from a complaint: ${JSON.stringify(countBy(submissions.map((s) => String(s.status))))}`,
      );
    const sent = (await sentEmails(rt)).map((e) => ({
      kind: e.header('X-Opvang-Kind'),
      ref: e.header('X-Opvang-Ref'),
    }));
    const acknowledgements = countBy(sent.filter((e) => e.kind === 'complaint-received').map((e) => e.ref));
    const ids = new Set(complaints.map((c) => String(c.id)));
    const acknowledgedOnce = complaints.filter(
      (c) => acknowledgements[String(c.id)] === 1 && typeof c.acknowledgedOn === 'string',
    ).length;
    if (acknowledgedOnce !== complaints.length) {
      const never = complaints.filter((c) => !acknowledgements[String(c.id)]).length;
      const twice = complaints.filter((c) => (acknowledgements[String(c.id)] ?? 0) > 1).length;
      const unrecorded = complaints.filter((c) => typeof c.acknowledgedOn !== 'string').length;
      wrong.push(
        `of ${complaints.length} complaints ${never} not acknowledged, ${twice} acknowledged more than once, ${unrecorded} without acknowledgedOn`,
      );
    }
    const strays = Object.keys(acknowledgements).filter((ref) => !ids.has(ref));
    if (strays.length)
      wrong.push(`acknowledgements for no stored complaint: ${strays.slice(0, 5).join(', ')}`);
    const others = sent.filter((e) => e.kind !== 'complaint-received');
    if (others.length) wrong.push(`other e-mails: ${JSON.stringify(countBy(others.map((e) => e.kind)))}`);
    const waiting = rt.stepFunctions.describe();
    if (waiting.waitingForCallback !== complaints.length || waiting.running !== complaints.length)
      wrong.push(
        `${waiting.running} complaint workflows running, ${waiting.waitingForCallback} waiting for an answer, of ${complaints.length}`,
      );
    // KLA-3: each complaint is a task to answer; DUN-11: an invoice number that names no invoice is one to
    // link. Anything else is something the pipeline could not do.
    const tasks = await scanAll('#type = :task', { ':task': 'task' }, 'id, #error');
    const unexpected = tasks.filter((t) => !/^complaint#(answer|invoice)#/.test(String(t.id)));
    if (unexpected.length)
      wrong.push(
        `staff tasks: ${JSON.stringify(countBy(unexpected.map((t) => String(t.id).split('#').slice(0, 2).join('#'))))}, such as ${unexpected
          .slice(0, 3)
          .map((t) => `${t.id}: ${t.error}`)
          .join('; ')}`,
      );
    if (rt.problems.length) wrong.push(`the runtime reported: ${rt.problems.slice(0, 5).join('; ')}`);
    if (result.errors) wrong.push(`${result.errors} requests failed (${result.timeouts} timed out)`);
    // Requests that failed (a refused condition is how the handlers do things once, not a failure).
    const failed = countBy(timings.errors.filter((e) => !e.includes('ConditionalCheckFailed')));

    const share = (seconds: number): CpuShare => ({
      seconds,
      ofMachine: seconds / (2 * result.seconds),
      msPerSubmission: (seconds * 1000) / Math.max(1, accepted),
    });
    return {
      clock: opts.clock,
      stream: held || opts.clock === 'virtual' ? 'held' : 'alongside',
      connections: opts.connections,
      rate: opts.rate,
      submissions: responses + result.errors,
      accepted,
      seconds: result.seconds,
      acceptedPerSecond: accepted / result.seconds,
      latencyMs: result.latencyMs,
      non2xx:
        responses -
        Object.entries(result.statusCounts).reduce((n, [c, k]) => n + (c.startsWith('2') ? k : 0), 0),
      errors: result.errors,
      statusCounts: result.statusCounts,
      warmup: { accepted: warmupAccepted, acceptedPerSecond: warmupRate },
      stored: complaints.length,
      withRaw: complaints.length - withoutRaw,
      acknowledgedOnce,
      problems: wrong,
      failedRequests: failed,
      backlog: { complaints: backlog, seconds: backlogSeconds, perSecond: backlog / backlogSeconds },
      cpu: {
        runtime: share(used.runtime),
        dynamoDbLocal: share(used.dynamo),
        generator: share(result.cpuSeconds),
        signing: {
          seconds: result.signSeconds,
          microsPerSubmission: (result.signSeconds * 1e6) / result.built,
        },
        backlogMsPerComplaint: {
          runtime: (backlogUsed.runtime * 1000) / Math.max(1, backlog),
          dynamoDbLocal: (backlogUsed.dynamo * 1000) / Math.max(1, backlog),
        },
      },
      eventLoop: {
        utilisation,
        delayP99Ms: delay.percentile(99) / 1e6,
        delayMaxMs: delay.max / 1e6,
      },
      timings: timings.summary('load'),
      backlogTimings: timings.summary('backlog'),
      ...(profile ? { profile } : {}),
      loadAverage: { before: loadBefore, after: loadAfter },
    };
  } finally {
    streamHold.on = false;
    untime();
    await rt.shutdown();
  }
}

// ─── part 2: the state transitions of a complaint ──────────────────────────────────────────────────────

/** What the local Step Functions did in one execution: its states entered, retries, how it ended. */
interface ExecutionHistory {
  entered: Map<string, number>;
  retries: number;
  ended?: string;
}

/** Billed transitions: one per state entered, a retry being one more (AWS: "including retries"). */
const transitionsOf = (h: ExecutionHistory) => [...h.entered.values()].reduce((a, b) => a + b, 0) + h.retries;

/**
 * The execution history of the complaint executions, read from the workflow library's own event log of
 * each run (the local runtime keeps no history of its own): `StateMachine.run`, which the local Step
 * Functions calls for every execution, is wrapped, and the events each run emits anyway are read. Only
 * while `recording`: the load's thousands of executions are not followed.
 */
const histories = new Map<string, ExecutionHistory>();
const followed = { recording: false };
function recordComplaintHistories(): void {
  const run = StateMachine.prototype.run;
  StateMachine.prototype.run = function (this: StateMachine, ...args: Parameters<StateMachine['run']>) {
    const execution = run.apply(this, args);
    const name = args[1]?.context?.Execution?.Name;
    if (followed.recording && typeof name === 'string' && name.startsWith('complaint-')) {
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

/** A moment on a day, Amsterdam time. */
const at = (date: string, hour: number, minute = 0) =>
  new Date(startOfDate(date).getTime() + (hour * 60 + minute) * 60_000);

interface Procedures {
  answeredInWeek3: ExecutionHistory;
  escalatedThenAnswered: ExecutionHistory;
  escalatedNeverAnswered: ExecutionHistory;
}

/**
 * Three complaints on Thursday 25 February 2027 (day 0), as the providers post them: Łucja's (Typeform),
 * answered on Monday 15 March, in week 3 (KLA-4); Mevlüde's (our own form), unanswered on day 28 (next
 * steps, KLA-5) and day 42 (escalation, KLA-7), answered on 15 April; Şükrü's (Tally), never answered:
 * its procedure waits until the day after the last day to file, 25 February 2028 (KLA-6), and ends.
 */
async function complaintProcedures(): Promise<Procedures> {
  const clock = virtualClock(startOfDate('2027-02-22'));
  const rt = await benchRuntime(clock);
  followed.recording = true;
  try {
    await rt.advanceTo(at('2027-02-25', 10));
    const post = async (provider: ComplaintProviderName, body: unknown) => {
      const raw = JSON.stringify(body);
      const response = await fetch(`${rt.apiUrl}/webhooks/complaints/${provider}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...complaintProviders[provider].sign(raw, rt.webhookSecrets[provider], rt.clock.now()),
        },
        body: raw,
      });
      const answer = (await response.json()) as { complaint: string };
      if (response.status !== 202)
        throw new BenchFailure(
          `the ${provider} complaint was answered ${response.status}: ${JSON.stringify(answer)}`,
        );
      return answer.complaint;
    };
    const answer = async (id: string, text: string) => {
      const response = await fetch(`${rt.apiUrl}/complaints/${id}/answer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${rt.adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ answer: text, reasons: 'Nagelopen met de groepsleiding en de planning.' }),
      });
      if (response.status !== 200)
        throw new BenchFailure(
          `the answer to ${id} was refused: ${response.status} ${await response.text()}`,
        );
    };
    const lucja = await post('typeform', fixture('typeform-parent'));
    const mevlude = await post('generic', fixture('generic'));
    const sukru = await post('tally', fixture('tally-parent'));

    log('complaint procedures: answered in week 3, escalated then answered, escalated and never answered…');
    const started = performance.now();
    await rt.advanceTo(at('2027-03-15', 14));
    await answer(lucja, 'Het ontbrekende uur is gecrediteerd; de registratie wordt dagelijks nagekeken.');
    await rt.advanceTo(at('2027-04-15', 14));
    await answer(mevlude, 'De sluitingstijd blijft tot de zomervakantie 18.30 uur.');
    await rt.advanceTo(at('2028-02-27', 12));
    log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Each message once, on its day (KLA-2, KLA-4, KLA-5, KLA-7).
    const sent = (await sentEmails(rt)).map((e) => ({
      kind: e.header('X-Opvang-Kind'),
      ref: e.header('X-Opvang-Ref'),
      on: e.header('X-Opvang-Date'),
    }));
    const expected: Record<string, string[]> = {
      [lucja]: ['complaint-received 2027-02-25', 'complaint-answer 2027-03-15'],
      [mevlude]: [
        'complaint-received 2027-02-25',
        'complaint-next-steps 2027-03-25',
        'complaint-overdue 2027-04-08',
        'complaint-answer 2027-04-15',
      ],
      [sukru]: [
        'complaint-received 2027-02-25',
        'complaint-next-steps 2027-03-25',
        'complaint-overdue 2027-04-08',
      ],
    };
    for (const [id, mails] of Object.entries(expected)) {
      const got = sent
        .filter((e) => e.ref === id)
        .map((e) => `${e.kind} ${e.on}`)
        .sort();
      if (JSON.stringify(got) !== JSON.stringify([...mails].sort()))
        throw new BenchFailure(`complaint ${id}: e-mails ${got.join(', ')}; expected ${mails.join(', ')}`);
    }
    const history = (id: string) => {
      const h = histories.get(executionNames.complaint(id));
      if (!h) throw new BenchFailure(`no history of the execution of complaint ${id} was recorded`);
      if (h.ended !== 'ExecutionSucceeded')
        throw new BenchFailure(`complaint ${id}'s execution: ${h.ended ?? 'still running'}`);
      return h;
    };
    if (rt.problems.length)
      throw new BenchFailure(`the runtime reported: ${rt.problems.slice(0, 5).join('; ')}`);
    return {
      answeredInWeek3: history(lucja),
      escalatedThenAnswered: history(mevlude),
      escalatedNeverAnswered: history(sukru),
    };
  } finally {
    followed.recording = false;
    await rt.shutdown();
  }
}

// ─── report ────────────────────────────────────────────────────────────────────────────────────────────

const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

const timingLines = (timings: LoadFigures['timings'], per: number, what: string) =>
  timings
    .slice(0, 16)
    .map(
      (t) =>
        `    ${t.name.padEnd(40)} ${t.totalS.toFixed(2).padStart(7)} s ${String(t.count).padStart(7)} × ${ms(t.meanMs).padStart(9)}  p99 ${ms(t.p99Ms).padStart(9)}  ${(t.count / Math.max(1, per)).toFixed(1)} per ${what}`,
    );

/** The load's figures for `--json`, and its lines for a person. */
function loadReport(load: LoadFigures) {
  // Issue 11 item 5: the rate and p99 of the webhook; and afterwards every accepted complaint stored and
  // acknowledged once (checked, exit code 1 otherwise).
  const meets =
    load.acceptedPerSecond >= TARGET_PER_SECOND &&
    load.latencyMs.p99 < TARGET_P99_MS &&
    load.problems.length === 0;
  const figures = {
    // Phase 1, the webhook under load.
    submissions: load.submissions,
    acceptedPerSecond: Math.round(load.acceptedPerSecond),
    p50Ms: round(load.latencyMs.p50),
    p99Ms: round(load.latencyMs.p99),
    non2xx: load.non2xx,
    // Afterwards: every 202 (the warm-up's and the load's), and what the table and the local SES hold.
    accepted: load.accepted + load.warmup.accepted,
    stored: load.stored,
    acknowledgedOnce: load.acknowledgedOnce,
    // Phase 2, the stream working through the complaints still to acknowledge when the load ended.
    acknowledgedPerSecond: Math.round(load.backlog.perSecond),
    backlogSeconds: round(load.backlog.seconds, 1),
  };
  // How it was measured, and where the CPU went (shares of the machine's two cores).
  const context = {
    connections: load.connections,
    ...(load.rate ? { rate: load.rate } : {}),
    clock: load.clock,
    stream: load.stream,
    backlog: load.backlog.complaints,
    ...(load.problems.length ? { problems: load.problems } : {}),
    cpuOfMachine: {
      runtime: round(load.cpu.runtime.ofMachine, 3),
      dynamoDbLocal: round(load.cpu.dynamoDbLocal.ofMachine, 3),
      loadGenerator: round(load.cpu.generator.ofMachine, 3),
    },
    cpuMsPerSubmission: {
      runtime: round(load.cpu.runtime.msPerSubmission, 2),
      dynamoDbLocal: round(load.cpu.dynamoDbLocal.msPerSubmission, 2),
      loadGenerator: round(load.cpu.generator.msPerSubmission, 2),
    },
    cpuMsPerAcknowledgement: {
      runtime: round(load.cpu.backlogMsPerComplaint.runtime, 1),
      dynamoDbLocal: round(load.cpu.backlogMsPerComplaint.dynamoDbLocal, 1),
    },
    loadAverage: load.loadAverage,
  };
  const cpuLine = (what: string, c: CpuShare) =>
    `    ${what.padEnd(38)} ${c.seconds.toFixed(2).padStart(6)} s  ${pct(c.ofMachine).padStart(7)} of 2 cores  ${ms(c.msPerSubmission).padStart(9)} per submission`;
  const stream =
    load.stream === 'held'
      ? `the stream held until the load ended${load.clock === 'virtual' ? ' (virtual clock)' : ''}`
      : 'the stream and the workflows running alongside';
  const lines = [
    `complaint webhook (issue 11 item 5): ${load.submissions} signed submissions (Typeform, Tally, generic), ${load.connections} connections${load.rate ? `, at most ${load.rate}/s` : ', closed loop'}, ${load.clock} clock, ${stream}`,
    `  phase 1, the webhook: ${load.accepted} accepted (202) in ${load.seconds.toFixed(2)} s: ${Math.round(load.acceptedPerSecond)}/s (target ≥ ${TARGET_PER_SECOND}); latency p50 ${ms(load.latencyMs.p50)}, p90 ${ms(load.latencyMs.p90)}, p99 ${ms(load.latencyMs.p99)} (target < ${TARGET_P99_MS} ms), max ${ms(load.latencyMs.max)}; non-2xx ${load.non2xx}`,
    `  phase 2, the stream: ${load.backlog.complaints} complaints still to acknowledge when the load ended, all done ${load.backlog.seconds.toFixed(1)} s later: ${Math.round(load.backlog.perSecond)}/s; CPU per complaint: the runtime ${ms(load.cpu.backlogMsPerComplaint.runtime)}, DynamoDB Local ${ms(load.cpu.backlogMsPerComplaint.dynamoDbLocal)}`,
    `  afterwards: ${load.stored} complaints stored (${load.withRaw} with the raw submission they came from) for ${load.accepted + load.warmup.accepted} accepted (${load.warmup.accepted} of them in the warm-up, at ${Math.round(load.warmup.acceptedPerSecond)}/s), ${load.acknowledgedOnce} acknowledged exactly once`,
    '  CPU in phase 1 (wall time × 2 cores is the budget):',
    cpuLine(`the runtime (API${load.stream === 'held' ? '' : ', stream, workflows'})`, load.cpu.runtime),
    cpuLine('DynamoDB Local', load.cpu.dynamoDbLocal),
    cpuLine('the load generator', load.cpu.generator),
    `    (each submission signed before the load: ${load.cpu.signing.microsPerSubmission.toFixed(1)} µs of HMAC)`,
    `  the runtime's event loop: ${pct(load.eventLoop.utilisation)} busy, delay p99 ${ms(load.eventLoop.delayP99Ms)}, max ${ms(load.eventLoop.delayMaxMs)}; the machine's load average ${load.loadAverage.before} before, ${load.loadAverage.after} after`,
    '  time in the runtime in phase 1 (total, count, mean, p99, per accepted submission):',
    ...timingLines(load.timings, load.accepted, 'submission'),
    '  time in the runtime in phase 2 (total, count, mean, p99, per complaint acknowledged):',
    ...timingLines(load.backlogTimings, load.backlog.complaints, 'complaint'),
    ...(load.profile
      ? [
          "  the runtime's CPU profile during the load, self time by where the code lives:",
          ...load.profile
            .slice(0, 20)
            .map(
              (p) =>
                `    ${p.where.padEnd(48)} ${p.ms.toFixed(0).padStart(7)} ms  ${pct(p.share).padStart(7)}`,
            ),
        ]
      : []),
  ];
  lines.push(
    ...Object.entries(load.failedRequests).map(([error, count]) => `  failed request: ${count} × ${error}`),
    ...load.problems.map((p) => `  CHECK FAILED: ${p}`),
  );
  return { figures, context, lines, meets, problems: load.problems };
}

/** The transitions' figures for `--json`, and their lines for a person. */
function transitionsReport(procedures: Procedures) {
  const figures = {
    transitionsEscalating: Math.max(
      transitionsOf(procedures.escalatedThenAnswered),
      transitionsOf(procedures.escalatedNeverAnswered),
    ),
    transitionsAnswered: transitionsOf(procedures.answeredInWeek3),
    transitionsTarget: TRANSITIONS_TARGET,
  };
  const byState = (h: ExecutionHistory) =>
    `${[...h.entered].map(([s, n]) => `${s} ${n}`).join(', ')}${h.retries ? `, retries ${h.retries}` : ''}`;
  const line = (what: string, h: ExecutionHistory) => `  ${what}: ${transitionsOf(h)} (${byState(h)})`;
  const lines = [
    `state transitions per complaint, as Step Functions Standard bills them (target ≤ ${TRANSITIONS_TARGET}):`,
    line('escalated (day 28, day 42), answered after', procedures.escalatedThenAnswered),
    line('escalated, never answered, waiting until the last day to file', procedures.escalatedNeverAnswered),
    line('answered in week 3', procedures.answeredInWeek3),
  ];
  const meets =
    figures.transitionsEscalating <= TRANSITIONS_TARGET && figures.transitionsAnswered <= TRANSITIONS_TARGET;
  return { figures, lines, meets };
}

async function main() {
  const opts = options();
  recordComplaintHistories();
  const transitions = opts.part === 'load' ? undefined : transitionsReport(await complaintProcedures());
  // On the console at once: a failure of the load's checks must not hide them.
  for (const line of transitions?.lines ?? []) log(line);
  const load = opts.part === 'transitions' ? undefined : loadReport(await webhookUnderLoad(opts));
  const meetsTargets = (load?.meets ?? true) && (transitions?.meets ?? true);
  if (opts.json) {
    const complaints = { ...load?.figures, ...transitions?.figures, meetsTargets, ...load?.context };
    process.stdout.write(`${JSON.stringify({ complaints }, null, 2)}\n`);
  } else {
    const lines = [
      ...(load?.lines ?? []),
      ...(transitions?.lines ?? []),
      `targets${opts.part === 'all' ? '' : ` (${opts.part} only)`}: ${meetsTargets ? 'met' : 'NOT met'}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
  }
  // Issue 11 item 5: every accepted complaint stored and acknowledged once, or the bench fails.
  if (load?.problems.length) throw new BenchFailure(`complaint webhook: ${load.problems.join('; ')}`);
}

if (process.env[ROLE_VARIABLE] === 'load-generator') {
  process.once('message', (config) => {
    generateLoad(config as LoadConfig).then(
      (result) => process.send?.({ result }, () => process.disconnect()),
      (error: Error) => {
        log(`load generator: ${error.stack ?? error.message}`);
        process.exit(1);
      },
    );
  });
} else {
  try {
    await main();
  } catch (error) {
    log(`${(error as Error).name}: ${(error as Error).message}`);
    process.exitCode = 1;
  }
  // The workflows of the load wait on real timers for day 28; stopping the runtime ends them, but the
  // workflow library leaves their timers armed, which would keep this process alive for weeks.
  process.exit();
}
