import { addDays } from '#shared/calendar.ts';
import { startOfDate } from '#shared/clock.ts';
import { type Report, readReport, writeOutbox } from './report.ts';
import { type Runtime, startRuntime } from './runtime.ts';
import { virtualClock } from './runtime-clock.ts';
import type { Scenario } from './scenario.ts';

/**
 * Replays a scenario through the real pipeline on a virtual clock: each action is an HTTP call to the
 * local API at 09:00 on its date; between actions the clock moves timer by timer, settling in between.
 */
export class SimulationFailure extends Error {}

type Action = { on: string; order: number; describe: string; run: (api: ApiClient) => Promise<void> };

export interface ApiClient {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

function apiClient(runtime: Runtime): ApiClient {
  return {
    async call(method, path, body) {
      const response = await fetch(`${runtime.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${runtime.adminKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
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

function actionsOf(scenario: Scenario): Action[] {
  const actions: Action[] = [];
  let order = 0;
  for (const parent of scenario.parents) {
    const { id, ...body } = parent;
    actions.push({
      on: scenario.start,
      order: order++,
      describe: `parent ${id}`,
      run: (api) => expectOk(api, `parents ${id}`, 'PUT', `/parents/${id}`, body),
    });
  }
  for (const contract of scenario.contracts)
    actions.push({
      on: scenario.start,
      order: order++,
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
    }
  }
  return actions.sort((a, b) => a.on.localeCompare(b.on) || a.order - b.order);
}

/** 09:00 in Europe/Amsterdam on a date: office hours, when staff and parents act. */
function officeHours(date: string): Date {
  return new Date(startOfDate(date).getTime() + 9 * 3600_000);
}

export async function simulate(
  scenario: Scenario,
  options: { outDir?: string; progress?: (line: string) => void } = {},
): Promise<Report> {
  const progress = options.progress ?? (() => {});
  const clock = virtualClock(startOfDate(scenario.start));
  let runtime: Runtime | undefined;
  try {
    runtime = await startRuntime({ clock, ports: { api: 0, dynamodb: 0, ses: 0 }, log: progress });
    const api = apiClient(runtime);
    for (const action of actionsOf(scenario)) {
      await runtime.advanceTo(officeHours(action.on));
      progress(`${action.on}  ${action.describe}`);
      await action.run(api);
    }
    await runtime.advanceTo(startOfDate(addDays(scenario.end, 1)));
    progress(`${scenario.end}  end of scenario`);
    const report = await readReport(runtime);
    if (options.outDir) await writeOutbox(runtime, report, options.outDir);
    return report;
  } finally {
    await runtime?.stop();
    clock.uninstall();
  }
}
