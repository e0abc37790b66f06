import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepFunctions as handlersStepFunctions } from '../../functions/adapters/clients.ts';
import { readReport } from '../../infra/local/report.ts';
import { localArn } from '../../infra/local/step-functions.ts';
import { RUNTIME_TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 7 items 3 and 4: the local Step Functions API serves the runtime's own handlers only, and a bad
 * execution input is refused before it is stored, so that it can never stop the runtime from starting.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'opvang-sfn-endpoint-'));
let rt: TestRuntime | undefined;

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-01-04', dataDir });
  await rt.goTo('2027-01-05');
});

afterAll(async () => {
  await rt?.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

function runtime(): TestRuntime {
  if (!rt) throw new Error('the runtime is not running');
  return rt;
}

async function executions(): Promise<Record<string, unknown>[]> {
  const result = await runtime().db.send(
    new ScanCommand({ TableName: RUNTIME_TABLE_NAME, ConsistentRead: true }),
  );
  return (result.Items ?? []).filter((i) => String(i.pk).startsWith('EXECUTION#'));
}

/** What an attacker sends: the invoice run for February, which issues and e-mails every invoice. */
const invoiceRunStart = () => ({
  stateMachineArn: process.env.INVOICE_RUN_STATE_MACHINE_ARN,
  name: 'invoice-run-2027-02',
  input: JSON.stringify({ month: '2027-02' }),
});

const wrongSigner = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
  new SFNClient({
    endpoint: runtime().stepFunctionsUrl,
    region: 'eu-west-1',
    credentials,
    maxAttempts: 1,
  });

describe('issue 7 item 3: only the runtime’s own handlers can start a workflow', () => {
  it('a StartExecution sent to the API port, with or without the admin key, starts nothing', async () => {
    for (const authorization of [undefined, `Bearer ${runtime().adminKey}`]) {
      const response = await fetch(`${runtime().apiUrl}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AWSStepFunctions.StartExecution',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify(invoiceRunStart()),
      });
      expect([403, 404]).toContain(response.status);
    }
    await runtime().settle();
    expect(await executions()).toEqual([]);
    expect((await runtime().call('GET', '/invoice-runs/2027-02')).status).toBe(404);
  });

  it('the Step Functions port listens on loopback only and refuses what the runtime did not sign', async () => {
    const endpoint = new URL(runtime().stepFunctionsUrl);
    expect(endpoint.hostname).toBe('127.0.0.1');
    expect(endpoint.port).not.toBe(new URL(runtime().apiUrl).port);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    if (outside) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = net.connect(Number(endpoint.port), outside);
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      expect(reached).toBe(false);
    }

    const unsigned = await fetch(runtime().stepFunctionsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.StartExecution',
      },
      body: JSON.stringify(invoiceRunStart()),
    });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });

    await expect(
      wrongSigner({ accessKeyId: 'local', secretAccessKey: 'local' }).send(
        new StartExecutionCommand(invoiceRunStart() as never),
      ),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    // The runtime's key id is in its environment; without the secret that goes with it, still nothing.
    await expect(
      wrongSigner({
        accessKeyId: String(process.env.AWS_ACCESS_KEY_ID),
        secretAccessKey: 'guessed-secret',
      }).send(new StartExecutionCommand(invoiceRunStart() as never)),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' });

    // A request signed with the runtime's own credentials, its body changed after signing (another month):
    // the signature covers the body, so it is refused.
    const tampering = new SFNClient({
      endpoint: runtime().stepFunctionsUrl,
      region: 'eu-west-1',
      maxAttempts: 1,
    });
    tampering.middlewareStack.addRelativeTo(
      ((next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
        const request = (args as { request: { body: string | Uint8Array } }).request;
        request.body = Buffer.from(request.body).toString('utf8').replaceAll('2027-02', '2027-03');
        return next(args);
      }) as never,
      { relation: 'after', toMiddleware: 'awsAuthMiddleware', name: 'tamperAfterSigning' },
    );
    await expect(tampering.send(new StartExecutionCommand(invoiceRunStart() as never))).rejects.toMatchObject(
      {
        name: 'InvalidSignatureException',
      },
    );

    await runtime().settle();
    expect(await executions()).toEqual([]);
  });

  it('the handlers still start workflows: an offer is e-mailed by its workflow (CON-2)', async () => {
    const parent = { name: 'Şükrü Yılmaz', email: 'sukru@example.nl' };
    expect((await runtime().call('PUT', '/parents/p1', parent)).status).toBe(200);
    const offer = {
      id: 'o1',
      parent: 'p1',
      child: { name: 'Elif Yılmaz', birthDate: '2026-02-01' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 48,
      schedule: { wed: '08:00-13:00' },
      start: '2027-04-01',
    };
    expect((await runtime().call('POST', '/offers', offer)).status).toBe(201);
    await runtime().settle();
    expect((await runtime().emails()).map((e) => `${e.on} ${e.kind}:${e.ref} ${e.to}`)).toEqual([
      '2027-01-05 offer:o1 sukru@example.nl',
    ]);
    expect((await executions()).map((e) => [e.name, e.status])).toEqual([['offer-o1', 'RUNNING']]);
  });
});

describe('issue 7 item 4: a bad execution input never stops the runtime from starting', () => {
  it('StartExecution with input that is not JSON answers 400 InvalidExecutionInput and stores nothing', async () => {
    const start = new StartExecutionCommand({
      stateMachineArn: String(process.env.OFFER_STATE_MACHINE_ARN),
      name: 'offer-o2',
      input: '{"offerId": "o2"',
    });
    await expect(handlersStepFunctions().send(start)).rejects.toMatchObject({
      name: 'InvalidExecutionInput',
      $metadata: { httpStatusCode: 400 },
    });
    expect((await executions()).map((e) => e.name)).toEqual(['offer-o1']);
  });

  it('a stored execution that cannot be resumed is marked FAILED with its reason, and the runtime starts', async () => {
    // Records as an older version could have left them: input that is not JSON, a workflow since retired.
    const offerMachine = String(process.env.OFFER_STATE_MACHINE_ARN);
    const retiredMachine = localArn.stateMachine('retired-reminder');
    const leftBehind = [
      { machine: offerMachine, name: 'offer-o3', input: '{"offerId": "o3"' },
      { machine: retiredMachine, name: 'reminder-o1', input: '{"offerId": "o1"}' },
    ];
    for (const record of leftBehind)
      await runtime().db.send(
        new PutCommand({
          TableName: RUNTIME_TABLE_NAME,
          Item: {
            pk: `EXECUTION#${localArn.execution(record.machine, record.name)}`,
            name: record.name,
            stateMachineArn: record.machine,
            input: record.input,
            status: 'RUNNING',
            startDate: '2027-01-05T08:00:00.000Z',
          },
        }),
      );
    await runtime().shutdown();
    rt = undefined;

    rt = await startTestRuntime({ start: '2027-01-06', dataDir });
    await rt.goTo('2027-01-06');
    const byName = Object.fromEntries((await executions()).map((e) => [e.name, e]));
    expect(byName['offer-o3']).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining('input is not valid JSON'),
    });
    expect(byName['reminder-o1']).toMatchObject({
      status: 'FAILED',
      error: expect.stringContaining(`state machine ${retiredMachine} does not exist`),
    });
    // The good one was resumed, and the back office answers.
    expect(byName['offer-o1']).toMatchObject({ status: 'RUNNING' });
    expect((await rt.call('POST', '/offers/o1/accept', {})).status).toBe(200);
    await rt.settle();
    expect((await rt.call('GET', '/contracts/c-o1')).body.contract).toMatchObject({ status: 'active' });
    // What could not be resumed is in simulate's failures, with its reason.
    expect((await readReport(rt)).failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ what: 'workflow', id: 'offer-o3' }),
        expect.objectContaining({ what: 'workflow', id: 'reminder-o1' }),
      ]),
    );
  });
});
