import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keys } from '#shared/keys.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { SANNE } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 8 item 1 (INV-5): every invoice e-mail is sent exactly once, or its failure is visible as a staff
 * task with its reason, never lost and never sent twice, whatever happens between the claim, the send and
 * the confirmation. Faults are injected into the AWS clients (the one thing the real local parts cannot do);
 * the e-mails are counted in the local SES's own store.
 */
let rt: TestRuntime | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await rt?.shutdown();
  rt = undefined;
});

const FAMILIES = [
  { id: 'p1', ...SANNE },
  {
    id: 'p2',
    name: 'Şükrü Yılmaz',
    email: 'sukru@example.nl',
    iban: 'NL91ABNA0417164300',
    mandate: { id: 'M-002', signed: '2026-12-01' },
  },
  {
    id: 'p3',
    name: 'Łucja Wiśniewska',
    email: 'lucja@example.nl',
    iban: 'NL91ABNA0417164300',
    mandate: { id: 'M-003', signed: '2026-12-01' },
  },
];

/** Three families with a KDV contract each; the scheduler runs February's invoices on 20 January 2027. */
async function seedAndRun(runtime: TestRuntime): Promise<void> {
  for (const { id, ...parent } of FAMILIES) {
    expect((await runtime.call('PUT', `/parents/${id}`, parent)).status).toBe(200);
    const contract = {
      id: `c-${id}`,
      parent: id,
      child: { name: `Kind van ${parent.name}`, birthDate: '2025-06-01' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00' },
      start: '2027-01-01',
    };
    expect((await runtime.call('POST', '/contracts', contract)).status).toBe(201);
  }
  await runtime.goTo('2027-01-20', 12);
}

async function invoiceNumberOf(runtime: TestRuntime, parentId: string): Promise<string> {
  const result = await runtime.db.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keys.invoice(parentId, '2027-02'), ConsistentRead: true }),
  );
  return result.Item?.number as string;
}

async function emailRecordOf(runtime: TestRuntime, ref: string) {
  const result = await runtime.db.send(
    new GetCommand({ TableName: TABLE_NAME, Key: keys.email('invoice', ref), ConsistentRead: true }),
  );
  return result.Item;
}

/** Makes the handlers' DynamoDB writes that match `when` fail, `times` times (0: always). */
function failDynamoUpdates(when: (input: Record<string, unknown>) => boolean, error: Error, times = 1) {
  const original = DynamoDBDocumentClient.prototype.send;
  let left = times;
  return vi.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(function (
    this: DynamoDBDocumentClient,
    command: unknown,
    ...rest: unknown[]
  ) {
    if (command instanceof UpdateCommand && when(command.input as Record<string, unknown>)) {
      if (times === 0 || left-- > 0) return Promise.reject(error);
    }
    return (original as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest);
  } as never);
}

const isInvoiceEmail = (input: Record<string, unknown>) =>
  String((input.Key as { pk?: string } | undefined)?.pk).startsWith('EMAIL#invoice#');
const values = (input: Record<string, unknown>) =>
  (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;

describe('invoice e-mails: exactly one, or a visible failure (issue 8 item 1, INV-5)', () => {
  it('a timeout between the claim and the send: the retry sends the e-mail, once', async () => {
    rt = await startTestRuntime({ start: '2027-01-18' });
    const timeout = Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    // The first invoice e-mail's attempt dies after claiming it and before calling SES.
    failDynamoUpdates((input) => isInvoiceEmail(input) && values(input)[':from'] === 'claimed', timeout);
    await seedAndRun(rt);

    const sent = (await rt.emails()).filter((e) => e.kind === 'invoice');
    expect(sent.map((e) => e.to).sort()).toEqual(FAMILIES.map((f) => f.email).sort());
    for (const family of FAMILIES) {
      const record = await emailRecordOf(rt, await invoiceNumberOf(rt, family.id));
      expect(record).toMatchObject({ status: 'sent', parentId: family.id });
      expect(record?.messageId).toBeTruthy();
    }
    expect((await rt.call('GET', '/tasks')).body.tasks).toEqual([]);
  });

  it('no connection to SES within the timeout (under load): the retry sends it, once, and no task is left', async () => {
    rt = await startTestRuntime({ start: '2027-01-18' });
    const original = SESv2Client.prototype.send;
    let refused = 0;
    vi.spyOn(SESv2Client.prototype, 'send').mockImplementation(function (
      this: SESv2Client,
      command: unknown,
      ...rest: unknown[]
    ) {
      // The SDK's own error when no socket connected in time: nothing reached SES.
      if (
        command instanceof SendEmailCommand &&
        command.input.Destination?.ToAddresses?.[0] === 'lucja@example.nl' &&
        refused++ < 2
      )
        return Promise.reject(
          Object.assign(
            new Error(
              '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 5000 ms.',
            ),
            { name: 'TimeoutError' },
          ),
        );
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest);
    } as never);
    await seedAndRun(rt);

    const sent = (await rt.emails()).filter((e) => e.kind === 'invoice');
    expect(sent.map((e) => e.to).sort()).toEqual(FAMILIES.map((f) => f.email).sort());
    expect(refused).toBeGreaterThanOrEqual(2);
    expect((await emailRecordOf(rt, await invoiceNumberOf(rt, 'p3')))?.status).toBe('sent');
    expect((await rt.call('GET', '/tasks')).body.tasks).toEqual([]);
  });

  it('a crash after SES accepted it: no second e-mail, and a task tells staff to check', async () => {
    rt = await startTestRuntime({ start: '2027-01-18' });
    const crash = Object.assign(new Error('connection reset'), { name: 'TimeoutError' });
    // Şükrü's e-mail (p2's invoice, numbered second) is accepted by SES, then its confirmation can never
    // be written: the attempt dies, and the stream delivers the record again.
    const sukruRef = '2027-000002';
    failDynamoUpdates(
      (input) =>
        (input.Key as { pk?: string } | undefined)?.pk === keys.email('invoice', sukruRef).pk &&
        values(input)[':from'] === 'submitting' &&
        values(input)[':v0'] === 'sent',
      crash,
      0,
    );
    await seedAndRun(rt);

    const sent = (await rt.emails()).filter((e) => e.kind === 'invoice');
    expect(sent.filter((e) => e.to === 'sukru@example.nl')).toHaveLength(1);
    expect(sent).toHaveLength(FAMILIES.length);
    const ref = await invoiceNumberOf(rt, 'p2');
    expect(ref).toBe(sukruRef);
    expect((await emailRecordOf(rt, ref))?.status).toBe('unknown');
    const tasks = (await rt.call('GET', '/tasks')).body.tasks;
    expect(tasks).toEqual([
      expect.objectContaining({
        what: 'e-mail',
        subject: `invoice#${ref}`,
        parentId: 'p2',
        month: '2027-02',
        error: expect.stringContaining('check in SES whether it arrived'),
      }),
    ]);
  });

  it('an e-mail SES refuses is a staff task with the reason, and the others go out', async () => {
    rt = await startTestRuntime({ start: '2027-01-18' });
    const original = SESv2Client.prototype.send;
    vi.spyOn(SESv2Client.prototype, 'send').mockImplementation(function (
      this: SESv2Client,
      command: unknown,
      ...rest: unknown[]
    ) {
      if (
        command instanceof SendEmailCommand &&
        command.input.Destination?.ToAddresses?.[0] === 'lucja@example.nl'
      )
        return Promise.reject(
          Object.assign(new Error('Email address is not verified.'), {
            name: 'MessageRejected',
            $metadata: { httpStatusCode: 400 },
          }),
        );
      return (original as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest);
    } as never);
    await seedAndRun(rt);

    const sent = (await rt.emails()).filter((e) => e.kind === 'invoice');
    expect(sent.map((e) => e.to).sort()).toEqual(['sanne@example.nl', 'sukru@example.nl']);
    const tasks = (await rt.call('GET', '/tasks')).body.tasks;
    expect(tasks).toEqual([
      expect.objectContaining({
        what: 'e-mail',
        parentId: 'p3',
        month: '2027-02',
        error: expect.stringContaining('MessageRejected'),
      }),
    ]);
    // The run shows what it could not do (issue 7 item 1).
    const run = (await rt.call('GET', '/invoice-runs/2027-02')).body;
    expect(run.failures).toEqual([
      expect.objectContaining({
        what: 'e-mail',
        parent: 'p3',
        error: expect.stringContaining('MessageRejected'),
      }),
    ]);
  });

  it('keeps no recipient, subject or text on the e-mail record (issue 7 item 10)', async () => {
    rt = await startTestRuntime({ start: '2027-01-18' });
    await seedAndRun(rt);
    const record = await emailRecordOf(rt, await invoiceNumberOf(rt, 'p1'));
    expect(record).toMatchObject({ kind: 'invoice', status: 'sent', parentId: 'p1', on: '2027-01-20' });
    const stored = JSON.stringify(record);
    expect(stored).not.toContain('sanne@example.nl');
    expect(stored).not.toContain('Sanne');
    expect(record).not.toHaveProperty('text');
    expect(record).not.toHaveProperty('subject');
  });
});

describe('AWS: a stream batch given up on (issue 7 item 1)', () => {
  it('becomes a staff task with its records’ range and why, never only a queue message', async () => {
    rt = await startTestRuntime({ start: '2027-01-18' });
    const { handler } = await import('../../functions/record-stream-failure.ts');
    const onFailure = {
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 6 },
      responseContext: { functionError: 'Unhandled' },
      DDBStreamBatchInfo: {
        shardId: 'shardId-000001',
        startSequenceNumber: '100',
        endSequenceNumber: '140',
        batchSize: 3,
      },
    };
    const event = { Records: [{ messageId: 'm1', body: JSON.stringify(onFailure) }] };
    await handler(event as never);
    await handler(event as never); // SQS delivers at least once: still one task
    const tasks = (await rt.call('GET', '/tasks')).body.tasks;
    expect(tasks).toEqual([
      expect.objectContaining({
        what: 'stream record',
        subject: 'shardId-000001#100',
        error: expect.stringContaining(
          '3 table record(s) from sequence 100 to 140 given up on after 6 attempts (Unhandled)',
        ),
      }),
    ]);
  });
});
