import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import sesModule from 'aws-ses-v2-local';
import { addDays } from '#shared/calendar.ts';
import { startOfDate, today } from '#shared/clock.ts';
import { policyNamed } from '#shared/policy.ts';
import { configureDynamoClient, resetClients } from '../../functions/adapters/clients.ts';
import { makeOwnerOnlyDir, OWNER_ONLY_FILE } from '../../functions/adapters/owner-only-files.ts';
import { recordFailure } from '../../functions/adapters/task-store.ts';
import { authorizer, routes, schedules, streamHandler, workflows } from '../catalog.ts';
import { Activity } from './activity.ts';
import { consolePages } from './console-pages.ts';
import { type ApiHandler, type Authorizer, compileRoute, createHttpApi } from './http-api.ts';
import { nextTurn, type RuntimeClock, realSleep, realTimers } from './runtime-clock.ts';
import { assertPortFree, freePort, StartupError, startDynamoDbLocal } from './services.ts';
import { LOCAL_CONSOLE_CLIENT, LocalStaffIdentity } from './staff-identity.ts';
import { LocalStepFunctions, localArn, type StepHandler } from './step-functions.ts';
import { generateLocalCredentials, startStepFunctionsEndpoint } from './step-functions-endpoint.ts';
import { type StreamHandler, StreamPoller } from './stream-poller.ts';
import { ensureTables, TABLE_NAME } from './table-design.ts';
import { countTableWrites } from './table-writes.ts';

/**
 * The local runtime: the whole back office on one machine with no AWS account. DynamoDB Local with its
 * stream, the local SES, the HTTP API, the stream poller, the workflow runner, all on one clock.
 */
export interface RuntimeOptions {
  clock: RuntimeClock;
  /** Where DynamoDB Local keeps its data; undefined keeps it in memory. */
  dataDir?: string;
  /** 0 picks a free port. */
  ports?: { api?: number; dynamodb?: number; ses?: number };
  /**
   * Issue 12: a DynamoDB Local that is already running (the tests' one per worker), used instead of starting
   * one, and left running by `stop`. Its database must hold none of this runtime's tables: the tests' keeps a
   * database per access key, and each runtime signs with keys of its own.
   */
  dynamodbUrl?: string;
  adminKey?: string;
  fromAddress?: string;
  /** Where exports (SEPA files) are written; default: `<dataDir>/exports`, or a temporary folder. */
  exportsDir?: string;
  log?: (line: string) => void;
}

export interface Runtime {
  apiUrl: string;
  sesUrl: string;
  dynamodbUrl: string;
  /** The Step Functions API: loopback only, and only for requests signed with this runtime's credentials. */
  stepFunctionsUrl: string;
  adminKey: string;
  /** Issue 13: the staff console, on the API's origin. */
  consoleUrl: string;
  /** Issue 13: the staff accounts (the Cognito user pool in AWS): `opvang users add`, tests. */
  staffIdentity: LocalStaffIdentity;
  /** KLA-1: each form provider's signing secret (made on first start, kept in the data directory). */
  webhookSecrets: Record<'typeform' | 'tally' | 'generic', string>;
  /** The exports store (SEPA batches, letters): a folder here. */
  exportsDir: string;
  clock: RuntimeClock;
  db: DynamoDBDocumentClient;
  stepFunctions: LocalStepFunctions;
  /** Resolves when nothing is in flight and the stream is drained. */
  settle(): Promise<void>;
  /** Virtual clock: moves time to `at`, firing each timer in turn and settling in between. */
  advanceTo(at: Date): Promise<void>;
  stop(): Promise<void>;
}

/** Entries in the catalog are relative to the project, wherever the runtime is started from. */
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const DEFAULT_PORTS = { api: 3000, dynamodb: 8000, ses: 8005 };

async function importHandler<T>(entry: string, exportName = 'handler'): Promise<T> {
  const module = await import(pathToFileURL(path.join(PROJECT_ROOT, entry)).href);
  const handler = module[exportName];
  if (typeof handler !== 'function') throw new Error(`${entry} does not export ${exportName}`);
  return handler as T;
}

function adminKeyFor(dataDir: string | undefined, given: string | undefined): string {
  return given ?? localSecret(dataDir, 'admin-key');
}

/** A secret of this machine, made on first start and kept owner-only in the data directory. */
function localSecret(dataDir: string | undefined, name: string): string {
  if (!dataDir) return randomBytes(24).toString('base64url');
  const file = path.join(dataDir, name);
  if (existsSync(file)) {
    chmodSync(file, OWNER_ONLY_FILE);
    return readFileSync(file, 'utf8').trim();
  }
  const key = randomBytes(24).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: OWNER_ONLY_FILE });
  return key;
}

async function resolvePort(
  port: number | undefined,
  fallback: number,
  what: string,
  option: string,
): Promise<number> {
  const chosen = port ?? fallback;
  if (chosen === 0) return freePort();
  await assertPortFree(chosen, what, option);
  return chosen;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? (() => {});
  const { clock } = options;
  const activity = new Activity();
  const dataDir = options.dataDir ? path.resolve(options.dataDir) : undefined;
  // Issue 7 item 15: the data holds parents' names, addresses and IBANs: owner-only, also when an older
  // version left it readable to others.
  if (dataDir) {
    makeOwnerOnlyDir(dataDir);
    makeOwnerOnlyDir(path.join(dataDir, 'dynamodb'));
    if (existsSync(path.join(dataDir, 'exports'))) makeOwnerOnlyDir(path.join(dataDir, 'exports'));
  }

  const apiPort = await resolvePort(options.ports?.api, DEFAULT_PORTS.api, 'HTTP API', '--port');
  const dynamoPort = options.dynamodbUrl
    ? 0
    : await resolvePort(options.ports?.dynamodb, DEFAULT_PORTS.dynamodb, 'DynamoDB Local', '--dynamodb-port');
  const sesPort = await resolvePort(options.ports?.ses, DEFAULT_PORTS.ses, 'local SES', '--ses-port');
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const dynamodbUrl = options.dynamodbUrl ?? `http://127.0.0.1:${dynamoPort}`;
  const sesUrl = `http://127.0.0.1:${sesPort}`;
  const adminKey = adminKeyFor(dataDir, options.adminKey);
  const staffIdentity = new LocalStaffIdentity({
    dataDir,
    issuer: apiUrl,
    knownLocations: policyNamed(process.env.POLICY_NAME ?? 'accrete-2020').locations.map((l) => l.name),
  });
  const webhookSecrets = {
    typeform: localSecret(dataDir, 'webhook-secret-typeform'),
    tally: localSecret(dataDir, 'webhook-secret-tally'),
    generic: localSecret(dataDir, 'webhook-secret-generic'),
  };
  // Issue 7 item 3: credentials of this runtime only. The handlers' SDK clients sign with them (they are in
  // this process's environment only), and the Step Functions endpoint serves only what they signed.
  const credentials = generateLocalCredentials();
  const exportsDir =
    options.exportsDir ??
    (dataDir ? path.join(dataDir, 'exports') : mkdtempSync(path.join(tmpdir(), 'opvang-exports-')));

  // The handlers find every service through the SDK's own endpoint settings, exactly as in AWS.
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_ENDPOINT_URL_SFN; // set once the Step Functions endpoint listens
  Object.assign(process.env, {
    AWS_REGION: process.env.AWS_REGION ?? 'eu-west-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodbUrl,
    AWS_ENDPOINT_URL_SESV2: sesUrl,
    TABLE_NAME,
    FROM_ADDRESS: options.fromAddress ?? 'administratie@kinderopvang.example',
    ADMIN_API_KEY: adminKey,
    // INV-8: the key that seals parents' BSNs (Secrets Manager in AWS).
    BSN_KEY: localSecret(dataDir, 'bsn-key'),
    // KLA-1: the form providers' signing secrets (Secrets Manager in AWS).
    WEBHOOK_SECRET_TYPEFORM: webhookSecrets.typeform,
    WEBHOOK_SECRET_TALLY: webhookSecrets.tally,
    WEBHOOK_SECRET_GENERIC: webhookSecrets.generic,
    // Issue 13: staff tokens come from this runtime's issuer (Cognito in AWS), for the console.
    STAFF_TOKEN_ISSUER: apiUrl,
    STAFF_TOKEN_AUDIENCE: LOCAL_CONSOLE_CLIENT,
    EXPORTS_DIR: exportsDir,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR',
  });
  // Every write to the table, by a handler or through the runtime's own client, is counted: settling reads
  // the stream again only after one.
  const noteWrite = () => activity.noteWrite();
  configureDynamoClient((client) => countTableWrites(client, TABLE_NAME, noteWrite));
  resetClients();

  let dynamo: ChildProcess | undefined;
  let ses: http.Server | undefined;
  let api: http.Server | undefined;
  let sfn: http.Server | undefined;
  let stepFunctionsUrl = '';
  let poller: StreamPoller | undefined;
  let pollLoop = false;
  const cancelTimers: (() => void)[] = [];
  const raw = new DynamoDBClient({ endpoint: dynamodbUrl });
  countTableWrites(raw, TABLE_NAME, noteWrite);
  const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const stepHandlers = new Map<string, StepHandler>();
  const stepFunctions = new LocalStepFunctions(db, stepHandlers, activity);
  stepFunctions.onFailure = (execution, error) => log(`workflow ${execution} failed: ${error.name}`);

  const stop = async () => {
    pollLoop = false;
    for (const cancel of cancelTimers) cancel();
    await stepFunctions.stop();
    await new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve()));
    api?.closeAllConnections();
    await new Promise<void>((resolve) => (sfn ? sfn.close(() => resolve()) : resolve()));
    sfn?.closeAllConnections();
    await new Promise<void>((resolve) => (ses ? ses.close(() => resolve()) : resolve()));
    ses?.closeAllConnections();
    poller?.destroy();
    configureDynamoClient(undefined);
    resetClients();
    raw.destroy();
    process.off('exit', killOnExit);
    if (dynamo && dynamo.exitCode === null) {
      const exited = new Promise<void>((resolve) => dynamo?.once('exit', () => resolve()));
      dynamo.kill('SIGTERM');
      await Promise.race([exited, realSleep(5000)]);
      if (dynamo.exitCode === null) dynamo.kill('SIGKILL');
    }
  };

  const killOnExit = () => dynamo?.kill('SIGTERM');
  process.once('exit', killOnExit);
  // DynamoDB Local, a JVM, takes seconds to start: what does not need it (the other servers, importing the
  // handlers, registering the workflows) is done meanwhile. It is stopped with the rest whatever happens.
  const dynamoStarted = options.dynamodbUrl
    ? Promise.resolve()
    : startDynamoDbLocal(dynamoPort, dataDir ? path.join(dataDir, 'dynamodb') : undefined).then((child) => {
        dynamo = child;
      });
  dynamoStarted.catch(() => {}); // awaited below, also when the start-up fails before that
  try {
    const endpoint = await startStepFunctionsEndpoint({
      stepFunctions,
      activity,
      credentials,
      region: String(process.env.AWS_REGION),
      log,
    });
    sfn = endpoint.server;
    stepFunctionsUrl = endpoint.url;
    process.env.AWS_ENDPOINT_URL_SFN = stepFunctionsUrl;
    resetClients();

    // aws-ses-v2-local is CommonJS: its default export arrives as .default or as the module itself.
    type SesServer = (config: { host: string; port: number }) => Promise<http.Server>;
    const sesServer = ((sesModule as unknown as { default?: SesServer }).default ?? sesModule) as SesServer;
    ses = await sesServer({ host: '127.0.0.1', port: sesPort });
    // The SES client keeps its connections alive; Node's server closes an idle one after 5 s, which under
    // load races a request sent on it (a reset the SDK reports as a timeout, and the e-mail as unknown).
    // Longer than the client's, as a load balancer in front of SES is.
    ses.keepAliveTimeout = 65_000;
    ses.headersTimeout = 66_000;

    for (const workflow of workflows) {
      const substitutions: Record<string, string> = {};
      for (const step of workflow.steps) {
        const arn = localArn.function(step.name);
        substitutions[`${step.name}FunctionArn`] = arn;
        const handler = await importHandler<(payload: unknown, context: unknown) => Promise<unknown>>(
          step.entry,
        );
        stepHandlers.set(arn, (payload) => handler(payload, {}));
      }
      process.env[workflow.arnVariable] = stepFunctions.register(
        workflow.name,
        path.join(PROJECT_ROOT, workflow.file),
        substitutions,
      );
    }

    const compiled = [];
    for (const route of routes)
      compiled.push(compileRoute(route, await importHandler<ApiHandler>(route.entry)));
    api = createHttpApi({
      routes: compiled,
      authorizer: await importHandler<Authorizer>(authorizer.entry),
      activity,
      log,
      localPages: consolePages(staffIdentity),
    });
    const handleStream = await importHandler<(event: unknown, context: unknown) => ReturnType<StreamHandler>>(
      streamHandler.entry,
    );
    const scheduled = [];
    for (const schedule of schedules)
      scheduled.push({
        schedule,
        handler: await importHandler<(event: unknown, context: unknown) => Promise<unknown>>(schedule.entry),
      });

    await dynamoStarted;
    await ensureTables(raw);
    const table = await raw.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    const streamArn = table.Table?.LatestStreamArn;
    if (!streamArn) throw new StartupError(`Table ${TABLE_NAME} has no stream.`);
    // The API takes requests once the table is there.
    await new Promise<void>((resolve, reject) => {
      api?.once('error', reject);
      api?.listen(apiPort, '127.0.0.1', () => resolve());
    });

    poller = new StreamPoller(
      dynamodbUrl,
      db,
      (event) => handleStream(event, { awsRequestId: 'local' }),
      activity,
      {
        streamArn,
        batchSize: 100,
        maxRetries: 3,
        onDeadLetter: async (record, error, attempts) => {
          log(`stream record ${record.dynamodb?.SequenceNumber} parked in the dead-letter list: ${error}`);
          // Never only a parked record: staff see what was given up on, and why (ids only, no personal data).
          const key = (record.dynamodb?.Keys?.pk as { S?: string } | undefined)?.S ?? 'unknown item';
          await recordFailure({
            what: 'stream record',
            subject: record.dynamodb?.SequenceNumber ?? 'unknown',
            error: `${key} (${record.eventName}): given up after ${attempts} attempts: ${error}`,
          });
        },
      },
    );

    // The scheduler: each schedule runs daily at its local time, on the runtime's clock.
    for (const { schedule, handler } of scheduled) {
      const [hours, minutes] = schedule.dailyAt.split(':').map(Number) as [number, number];
      const nextRun = () => {
        let day = today(clock.now());
        let at = new Date(startOfDate(day).getTime() + (hours * 60 + minutes) * 60_000);
        if (at.getTime() <= clock.now().getTime()) {
          day = addDays(day, 1);
          at = new Date(startOfDate(day).getTime() + (hours * 60 + minutes) * 60_000);
        }
        return at;
      };
      let cancel = () => {};
      const arm = () => {
        cancel = clock.setTimer(nextRun(), () => {
          void activity
            .track(() => handler({ source: 'aws.scheduler', name: schedule.name }, {}))
            .catch((error: Error) => log(`schedule ${schedule.name} failed: ${error.message}`))
            .finally(arm);
        });
      };
      arm();
      cancelTimers.push(() => cancel());
    }

    const { resumed, failed } = await stepFunctions.resumeAll();
    if (resumed) log(`resumed ${resumed} workflow execution(s)`);
    for (const execution of failed)
      log(`workflow ${execution.name} could not be resumed and is marked FAILED: ${execution.reason}`);
  } catch (error) {
    await dynamoStarted.catch(() => {});
    await stop();
    throw error;
  }

  const activePoller = poller;
  if (!clock.virtual) {
    pollLoop = true;
    const loop = async () => {
      while (pollLoop) {
        try {
          const n = await activePoller.pollOnce();
          if (n === 0) await realSleep(200);
        } catch (error) {
          log(`stream poller: ${(error as Error).message}`);
          await realSleep(1000);
        }
      }
    };
    void loop();
  }

  /**
   * Quiet means: nothing in flight, and a pass over the stream found it drained with nothing written
   * since. Handlers run in this process and their writes are counted (`countTableWrites`), so a day on
   * which nothing was written costs no look at the stream at all, and one on which a job wrote a record
   * costs a pass that delivers it and a pass that finds the stream drained. Between looks the event loop
   * turns once, so that what a finished piece of work set going (a workflow's next state, a schedule
   * arming its next run) has started, and counts as in flight, before the runtime looks again.
   */
  let drainedAtWrite = -1;
  const settle = async () => {
    for (;;) {
      await nextTurn();
      if (activity.busy) {
        await activity.idle();
        continue;
      }
      const writes = activity.writes;
      if (writes === drainedAtWrite) return;
      await activePoller.pollOnce();
      // A pass reads each shard to its end; what its handlers wrote or set going shows as a write or as
      // work in flight.
      if (!activity.busy && activity.writes === writes) drainedAtWrite = writes;
    }
  };

  const advanceTo = async (at: Date) => {
    if (!clock.virtual) throw new Error('advanceTo needs the virtual clock');
    const target = at.getTime();
    for (;;) {
      await settle();
      const next = clock.nextTimerAt();
      if (next === undefined || next > target) break;
      clock.jumpTo(Math.max(next, clock.now().getTime()));
    }
    clock.jumpTo(target);
    await settle();
  };

  return {
    apiUrl,
    sesUrl,
    dynamodbUrl,
    stepFunctionsUrl,
    adminKey,
    consoleUrl: `${apiUrl}/console/`,
    staffIdentity,
    webhookSecrets,
    exportsDir,
    clock,
    db,
    stepFunctions,
    settle,
    advanceTo,
    stop,
  };
}

export { realTimers };
