import { TZDate } from '@date-fns/tz';
import { addDays, isWorkingDay } from '#shared/calendar.ts';
import { startOfDate, TIME_ZONE } from '#shared/clock.ts';
import { type ComplaintProviderName, complaintProviders } from '#shared/complaints/providers.ts';
import { formatEuro } from '#shared/money.ts';
import type { ImportSummary } from '#shared/payments/bank-entries.ts';
import { policyNamed } from '#shared/policy.ts';
import { type Report, readReport, writeOutbox } from './report.ts';
import { type Runtime, startRuntime } from './runtime.ts';
import { virtualClock } from './runtime-clock.ts';
import type { Scenario } from './scenario.ts';
import {
  type BackOffice,
  type BankReturnRequest,
  ourBankAccount,
  type SimulatedBankDays,
  simulatedBankDays,
} from './simulated-bank-days.ts';

/**
 * Replays a scenario through the real pipeline on a virtual clock: each action is an HTTP call to the
 * local API at 09:00 on its date; between actions the clock moves timer by timer, settling in between.
 * The simulator also plays the bank (issue 9 item 5): returns arrive at 14:30, and at 18:00 each day the
 * bank's day statement of that day, if anything was booked: after the 00:30 job that books the day's
 * collections and finds invoices unpaid, and before the next one, so a transfer on a due date counts.
 */
export class SimulationFailure extends Error {}

type Action = {
  on: string;
  /** Local time on `on`, HH:MM (default 09:00, office hours). */
  at?: string;
  order: number;
  describe: string;
  /** Not announced in the progress: the bank's daily look, which says something only when it sends a file. */
  quiet?: boolean;
  /**
   * Actions of one group at one moment do not depend on each other (the scenario's parents; then its
   * contracts): they go to the API side by side, as an import by staff would, and the system settles after
   * the group rather than after each.
   */
  group?: 'parents' | 'contracts';
  run: (api: ApiClient) => Promise<void>;
};

/** How many requests of a group are in flight at once. */
const GROUP_REQUESTS = 8;

export interface ApiClient {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  /** KLA-1: a form provider's webhook: the body signed with the configured secret, as the provider would. */
  webhook(provider: ComplaintProviderName, body: unknown): Promise<{ status: number; body: unknown }>;
  /** A POST of a file as the body, with its own content type (a bank file: application/xml). */
  upload(path: string, content: string, contentType: string): Promise<{ status: number; body: unknown }>;
}

function apiClient(runtime: Runtime): ApiClient {
  const send = async (method: string, path: string, contentType: string, body?: string) => {
    const response = await fetch(`${runtime.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': contentType },
      body,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    call: (method, path, body) =>
      send(method, path, 'application/json', body === undefined ? undefined : JSON.stringify(body)),
    webhook: async (provider, body) => {
      const raw = JSON.stringify(body);
      const signature = complaintProviders[provider].sign(
        raw,
        runtime.webhookSecrets[provider],
        runtime.clock.now(),
      );
      const response = await fetch(`${runtime.apiUrl}/webhooks/complaints/${provider}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signature },
        body: raw,
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    },
    upload: (path, content, contentType) => send('POST', path, contentType, content),
  };
}

/** The back office as the simulated bank reaches it: the API a user's import uses. */
function backOfficeOf(api: ApiClient): BackOffice {
  return {
    async get(path) {
      const result = await api.call('GET', path);
      if (result.status === 404) return undefined;
      if (result.status >= 300)
        throw new SimulationFailure(`GET ${path}: HTTP ${result.status} ${JSON.stringify(result.body)}`);
      return result.body;
    },
    async importBankFile(xml) {
      const result = await api.upload('/bank-files', xml, 'application/xml');
      if (result.status !== 200)
        throw new SimulationFailure(`bank file import: HTTP ${result.status} ${JSON.stringify(result.body)}`);
      return result.body as ImportSummary;
    },
  };
}

async function expectOk(
  api: ApiClient,
  what: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<void> {
  const result = await api.call(method, path, body);
  if (result.status >= 300)
    throw new SimulationFailure(`${what}: HTTP ${result.status} ${JSON.stringify(result.body)}`);
}

/** An event about one contract: POST /contracts/{contract}/{path} with the event's other fields as the body. */
function contractAction(
  at: { on: string; order: number },
  event: { on: string; type: string; contract: string },
  path: string,
  describe: string,
): Action {
  const { on: _on, type, contract, ...body } = event;
  return {
    ...at,
    describe,
    run: (api) => expectOk(api, `${type} ${contract}`, 'POST', `/contracts/${contract}/${path}`, body),
  };
}

function actionsOf(
  scenario: Scenario,
  bank: SimulatedBankDays,
  complaints: Map<string, string> = new Map(),
): Action[] {
  const actions: Action[] = [];
  let order = 0;
  const parents = new Map(scenario.parents.map((p) => [p.id, p]));
  const returnsByDay = new Map<string, BankReturnRequest[]>();
  for (const parent of scenario.parents) {
    const { id, ...body } = parent;
    actions.push({
      on: scenario.start,
      order: order++,
      group: 'parents',
      describe: `parent ${id}`,
      run: (api) => expectOk(api, `parents ${id}`, 'PUT', `/parents/${id}`, body),
    });
  }
  for (const contract of scenario.contracts)
    actions.push({
      on: scenario.start,
      order: order++,
      group: 'contracts',
      describe: `contract ${contract.id}`,
      run: (api) => expectOk(api, `contracts ${contract.id}`, 'POST', '/contracts', contract),
    });
  for (const offer of scenario.offers) {
    const { on, ...body } = offer;
    actions.push({
      on,
      order: order++,
      describe: `offer ${offer.id}`,
      run: (api) => expectOk(api, `offers ${offer.id}`, 'POST', '/offers', body),
    });
  }
  for (const event of scenario.events) {
    const at = { on: event.on, order: order++ };
    switch (event.type) {
      case 'accept-offer':
        actions.push({
          ...at,
          describe: `offer ${event.offer} accepted`,
          run: (api) =>
            expectOk(
              api,
              `accept-offer ${event.offer}`,
              'POST',
              `/offers/${event.offer}/accept`,
              event.contract ? { contractId: event.contract } : {},
            ),
        });
        break;
      case 'contract-change':
        actions.push(contractAction(at, event, 'changes', `contract ${event.contract} changed`));
        break;
      case 'termination':
        actions.push(contractAction(at, event, 'termination', `notice for contract ${event.contract}`));
        break;
      case 'extra-care':
        actions.push(
          contractAction(
            at,
            event,
            'extra-care',
            `extra care for contract ${event.contract} on ${event.date}`,
          ),
        );
        break;
      case 'cancellation':
        actions.push(contractAction(at, event, 'cancellation', `contract ${event.contract} cancelled`));
        break;
      case 'swap-day':
        actions.push(
          contractAction(
            at,
            event,
            'swap-days',
            `swap day for contract ${event.contract}: ${event.missed} → ${event.swap}`,
          ),
        );
        break;
      case 'booking':
        actions.push(
          contractAction(
            at,
            event,
            'bookings',
            `${event.hours} hours booked on contract ${event.contract} for ${event.date}`,
          ),
        );
        break;
      case 'booking-cancellation': {
        const { date, ...rest } = event;
        actions.push(
          contractAction(
            at,
            rest,
            `bookings/${date}/cancellation`,
            `booking of contract ${event.contract} on ${date} cancelled`,
          ),
        );
        break;
      }
      case 'price-change': {
        const { on: _on, type: _type, ...body } = event;
        actions.push({
          ...at,
          describe: `new tariffs from ${event.from} announced`,
          run: (api) => expectOk(api, `price-change ${event.from}`, 'POST', '/tariffs', body),
        });
        break;
      }
      case 'complaint': {
        // KLA-1: the form's submission reaches the webhook as the provider posts it.
        const { provider, body, complaint } = event;
        actions.push({
          ...at,
          describe: `complaint ${complaint} (${provider} form)`,
          run: async (api) => {
            const result = await api.webhook(provider, body);
            if (result.status >= 300)
              throw new SimulationFailure(
                `complaint ${complaint}: HTTP ${result.status} ${JSON.stringify(result.body)}`,
              );
            complaints.set(complaint, (result.body as { complaint: string }).complaint);
          },
        });
        break;
      }
      case 'complaint-answer': {
        const { on: _on, type: _type, complaint, ...answer } = event;
        actions.push({
          ...at,
          describe: `answer to complaint ${complaint}`,
          run: (api) =>
            expectOk(
              api,
              `answer to complaint ${complaint}`,
              'POST',
              `/complaints/${complaints.get(complaint)}/answer`,
              answer,
            ),
        });
        break;
      }
      case 'payment': {
        const parent = parents.get(event.parent);
        const remittance = event.invoice ? `${event.invoice} ${event.reference}` : event.reference;
        if (parent?.iban) {
          // A transfer from the parent's account, on the bank's statement of that day (18:00).
          bank.transfer(event.on, { name: parent.name, iban: parent.iban }, event.amount, remittance);
          break;
        }
        // The scenario gives no account to transfer from: a payment a staff member books by hand.
        const { on, type: _type, ...payment } = event;
        actions.push({
          ...at,
          describe: `payment of ${formatEuro(event.amount)} by ${event.parent}, booked by hand (no IBAN)`,
          run: (api) =>
            expectOk(api, `payment ${event.reference}`, 'POST', '/payments', { ...payment, date: on }),
        });
        break;
      }
      case 'payment-plan': {
        const { parent, instalments } = event;
        actions.push({
          ...at,
          describe: `payment plan for ${parent}: ${instalments.length} instalment(s)`,
          run: (api) =>
            expectOk(api, `payment plan of ${parent}`, 'POST', `/parents/${parent}/payment-plan`, {
              instalments,
            }),
        });
        break;
      }
      case 'bank-return': {
        const { parent, month, reason } = event;
        if (!returnsByDay.has(event.on)) {
          const requests: BankReturnRequest[] = [];
          returnsByDay.set(event.on, requests);
          actions.push({
            ...at,
            at: '14:30',
            describe: 'bank: collections returned or refused',
            run: () => bank.sendReturns(event.on, requests),
          });
        }
        returnsByDay.get(event.on)?.push({ parent, month, reason });
        break;
      }
    }
  }
  // The bank's day: its statement of each day with bookings. Collections are booked on working days
  // only (INV-5); a transfer or a return on another day is booked that day all the same.
  const bankEvents = new Set(
    scenario.events.filter((e) => e.type === 'payment' || e.type === 'bank-return').map((e) => e.on),
  );
  for (let day = scenario.start; day <= scenario.end; day = addDays(day, 1)) {
    const date = day;
    if (!isWorkingDay(date) && !bankEvents.has(date)) continue;
    actions.push({
      on: date,
      at: '18:00',
      order: order++,
      describe: 'bank: day statement',
      quiet: true,
      run: () => bank.closeDay(date),
    });
  }
  return actions.sort(
    (a, b) =>
      a.on.localeCompare(b.on) ||
      (a.at ?? OFFICE_HOURS).localeCompare(b.at ?? OFFICE_HOURS) ||
      a.order - b.order,
  );
}

/** Office hours, when staff and parents act. */
const OFFICE_HOURS = '09:00';

const momentOf = (action: Action) => `${action.on} ${action.at ?? OFFICE_HOURS}`;

/** The actions in turns: each alone, but the consecutive actions of one group at one moment together. */
function turnsOf(actions: Action[]): Action[][] {
  const turns: Action[][] = [];
  for (const action of actions) {
    const last = turns.at(-1)?.[0];
    if (last?.group && last.group === action.group && momentOf(last) === momentOf(action))
      turns.at(-1)?.push(action);
    else turns.push([action]);
  }
  return turns;
}

/**
 * Runs the actions of a turn, at most GROUP_REQUESTS at a time, in their order. After a failure no further
 * action starts; those under way finish, and the first failure in the scenario's order is thrown.
 */
async function runTurn(turn: Action[], api: ApiClient): Promise<void> {
  const failures: { index: number; error: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < turn.length && !failures.length) {
      const index = next++;
      try {
        await (turn[index] as Action).run(api);
      } catch (error) {
        failures.push({ index, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(GROUP_REQUESTS, turn.length) }, worker));
  if (failures.length) throw failures.sort((a, b) => a.index - b.index)[0]?.error;
}

/** A local time (HH:MM, Europe/Amsterdam) on a date, also on the days the clocks change. */
function localTime(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, TIME_ZONE).getTime());
}

export async function simulate(
  scenario: Scenario,
  // dynamodbUrl: a DynamoDB Local already running (RuntimeOptions.dynamodbUrl; the tests', issue 12).
  options: { outDir?: string; progress?: (line: string) => void; dynamodbUrl?: string } = {},
): Promise<Report> {
  const progress = options.progress ?? (() => {});
  const clock = virtualClock(startOfDate(scenario.start));
  let runtime: Runtime | undefined;
  // The scenario's policy (`--policy`) is the one every handler of this back office reads.
  const policyBefore = process.env.POLICY_NAME;
  process.env.POLICY_NAME = scenario.policy;
  try {
    runtime = await startRuntime({
      clock,
      ports: { api: 0, dynamodb: 0, ses: 0 },
      dynamodbUrl: options.dynamodbUrl,
      log: progress,
    });
    // The local SES keeps what it was sent in this process, across runtimes: the report is of this run.
    await fetch(`${runtime.sesUrl}/clear-store`, { method: 'POST' });
    const api = apiClient(runtime);
    const bank = simulatedBankDays({
      account: ourBankAccount(policyNamed(scenario.policy)),
      backOffice: backOfficeOf(api),
      exportsDir: runtime.exportsDir,
      progress,
    });
    // The scenario's names of its complaints → their ids in the back office (the webhook answers them).
    const complaints = new Map<string, string>();
    for (const turn of turnsOf(actionsOf(scenario, bank, complaints))) {
      const first = turn[0] as Action;
      await runtime.advanceTo(localTime(first.on, first.at ?? OFFICE_HOURS));
      for (const action of turn) if (!action.quiet) progress(`${action.on}  ${action.describe}`);
      await runTurn(turn, api);
    }
    await runtime.advanceTo(startOfDate(addDays(scenario.end, 1)));
    progress(`${scenario.end}  end of scenario`);
    const report = await readReport(runtime, {
      complaints: new Map([...complaints].map(([name, id]) => [id, name])),
    });
    // What the scenario asked of the bank that could not happen, and bank files the system misread.
    report.failures.push(...bank.failures);
    if (options.outDir) await writeOutbox(runtime, report, options.outDir, bank.files);
    return report;
  } finally {
    await runtime?.stop();
    clock.uninstall();
    if (policyBefore === undefined) delete process.env.POLICY_NAME;
    else process.env.POLICY_NAME = policyBefore;
  }
}
