import type { AddressInfo } from 'node:net';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamo } from '../../functions/adapters/clients.ts';
import { logger } from '../../functions/adapters/logger.ts';
import { routes } from '../../infra/catalog.ts';
import { Activity } from '../../infra/local/activity.ts';
import { compileRoute, createHttpApi } from '../../infra/local/http-api.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * What the API answers when it fails (issue 7 item 14) and when the client sends a malformed URI (item 11):
 * the caller learns what to quote or what to fix, never the system's internals.
 */
let rt: TestRuntime;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const parent = { name: 'Łucja Wiśniewska', email: 'lucja@example.pl' };

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-01-04' });
  await rt.goTo('2027-01-05');
});

afterAll(async () => {
  await rt?.shutdown();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function stored(type: string) {
  const result = await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
  return (result.Items ?? []).filter((i) => i.type === type);
}

describe('issue 7 item 14: a 500 answers a correlation id and no internal message', () => {
  it('a handler that fails answers {"error":"internal error","correlationId"}; the log has the message under that id, never the body', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => {});
    // A fault DynamoDB Local cannot be made to produce: the store throttles, naming its internals.
    vi.spyOn(dynamo(), 'send').mockImplementationOnce(async () => {
      throw new Error('Throughput exceeds the current capacity of table opvang-main-7f3a for PARENT#p1');
    });
    const response = await rt.call('PUT', '/parents/p1', parent);

    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: 'internal error', correlationId: expect.stringMatching(UUID) });
    expect(logged).toHaveBeenCalledWith(
      'request failed',
      expect.objectContaining({
        correlationId: response.body.correlationId,
        error: expect.stringContaining('Throughput exceeds the current capacity'),
      }),
    );
    const log = JSON.stringify(logged.mock.calls);
    expect(log).not.toContain('Wiśniewska');
    expect(log).not.toContain('lucja@example.pl');
    expect(await stored('parent')).toEqual([]);

    // The fault has passed: the same request now stores the parent.
    expect((await rt.call('PUT', '/parents/p1', parent)).status).toBe(200);
  });

  it('the local HTTP server answers a failure outside any handler the same way, and logs it by that id', async () => {
    const lines: string[] = [];
    const getOffer = routes.find((r) => r.method === 'GET' && r.path === '/offers/{id}');
    if (!getOffer) throw new Error('GET /offers/{id} is not in the catalog');
    const server = createHttpApi({
      routes: [
        compileRoute(getOffer, async () => {
          throw new Error('connect ECONNREFUSED 10.0.3.7:8000 (opvang-main-7f3a)');
        }),
      ],
      authorizer: async () => ({ isAuthorized: true }),
      activity: new Activity(),
      log: (line) => lines.push(line),
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/offers/o1`);
      const body = (await response.json()) as { correlationId: string };
      expect(response.status).toBe(500);
      expect(body).toEqual({ error: 'internal error', correlationId: expect.stringMatching(UUID) });
      expect(lines).toEqual([expect.stringContaining(body.correlationId)]);
      expect(lines[0]).toContain('ECONNREFUSED 10.0.3.7:8000');
    } finally {
      server.close();
    }
  });
});

describe('issue 7 item 11: a malformed URI is 400, naming the problem', () => {
  it('answers 400 with the parameter and the problem for a path that is not valid percent-encoding', async () => {
    for (const [method, path] of [
      ['GET', '/offers/%zz'],
      ['POST', '/offers/%E0%A4%A/accept'],
      ['GET', '/contracts/%/bookings?month=2027-02'],
    ] as const) {
      const response = await rt.call(method, path, method === 'POST' ? {} : undefined);
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(response.body).toEqual({
        error: 'invalid request',
        issues: [{ field: 'id', problem: expect.stringContaining('malformed URI') }],
      });
    }
  });

  it('stores nothing, and without the admin key it is refused like any other request', async () => {
    const change = await rt.call('POST', '/contracts/%zz/extra-care', { date: '2027-02-03', hours: 3 });
    expect(change.status).toBe(400);
    expect((await rt.call('GET', '/offers/%zz', undefined, 'wrong-key')).status).toBe(403);
    await rt.settle();
    expect(await stored('contract')).toEqual([]);
    expect(await stored('extra-care')).toEqual([]);
  });
});
