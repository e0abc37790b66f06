import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { roundHalfUp } from '#shared/money.ts';
import { handler as streamHandler } from '../../functions/process-table-stream.ts';
import { RUNTIME_TABLE_NAME, TABLE_NAME } from '../../infra/local/table-design.ts';
import { KDV_MONDAYS } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 10, "Done when": the race of a payment with a reminder being sent (DUN-10), a stream record
 * delivered twice, and a restart in the middle of dunning each end with no duplicate and no missing
 * e-mail or letter. Through the real pipeline on the virtual clock: March 2027 is invoiced to parents who
 * pay by transfer and do not pay by Monday 1 March (DUN-1: found unpaid that day); reminder 1 on Tuesday
 * 2 March (DUN-2), reminder 2 by e-mail and letter on Tuesday 16 March (DUN-3), the hand-over on
 * Wednesday 24 March (DUN-4); € 35 per reminder (DUN-6).
 */
let rt: TestRuntime | undefined;
let restoreSes: (() => void) | undefined;
const dataDirs: string[] = [];

afterEach(async () => {
  restoreSes?.();
  restoreSes = undefined;
  await rt?.shutdown();
  rt = undefined;
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Family {
  id: string;
  contract: string;
  name: string;
  email: string;
  iban: string;
  address?: { street: string; postcode: string; city: string };
}

const SUKRU: Family = {
  id: 'p2',
  contract: 'c2',
  name: 'Şükrü Yılmaz',
  email: 'sukru@example.nl',
  iban: 'NL02ABNA0123456789',
  address: { street: 'Kerkstraat 12-A', postcode: '1017 GC', city: 'Amsterdam' },
};
const LUCJA: Family = {
  id: 'p3',
  contract: 'c3',
  name: 'Łucja Wiśniewska',
  email: 'lucja@example.nl',
  iban: 'NL20INGB0001234567',
};
const HUNG: Family = {
  id: 'p4',
  contract: 'c4',
  name: 'Nguyễn Văn Hùng',
  email: 'hung@example.nl',
  iban: 'NL91ABNA0417164300',
};

/** The families' March invoices, issued on 22 February and left unpaid: number and total per parent. */
async function unpaidMarch(
  runtime: TestRuntime,
  families: Family[],
): Promise<Record<string, { number: string; total: number }>> {
  await runtime.goTo('2027-02-19');
  for (const { id, contract, ...parent } of families) {
    expect((await runtime.call('PUT', `/parents/${id}`, parent)).status).toBe(200);
    expect(
      (
        await runtime.call('POST', '/contracts', {
          ...KDV_MONDAYS,
          id: contract,
          parent: id,
          start: '2027-01-01',
        })
      ).status,
    ).toBe(201);
  }
  await runtime.goTo('2027-02-22', 10);
  const invoices: Record<string, { number: string; total: number }> = {};
  for (const { id } of families) {
    const march = (await runtime.call('GET', `/parents/${id}/account`)).body.invoices.find(
      (i: { month: string }) => i.month === '2027-03',
    );
    invoices[id] = { number: march.number, total: march.total };
  }
  return invoices;
}

/** DUN-5 by hand: simple interest at 4% (2027), actual/365, rounded half-up once. */
const interest = (principal: number, days: number) =>
  roundHalfUp(BigInt(principal) * 400n * BigInt(days), 10_000n * 365n);

const euro = (cents: number) =>
  new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

/** What a reminder states, read back from its Dutch text as the parent reads it (cents). */
function statedAmounts(text: string): { principal: number; fees: number; interest: number; total: number } {
  const amount = (label: string) => {
    const match = text.match(new RegExp(`${label}:\\s+€\\s([\\d.]+,\\d{2})`));
    if (!match?.[1]) throw new Error(`the reminder states no "${label}"`);
    return Number(match[1].replace(/[.,]/g, ''));
  };
  return {
    principal: amount('Openstaand factuurbedrag'),
    fees: amount('Administratiekosten'),
    interest: amount('Wettelijke rente'),
    total: amount('Totaal te betalen'),
  };
}

/** The dunning e-mails of one invoice, as `<date> <kind>`, in the order sent. */
async function dunningEmails(runtime: TestRuntime, invoice: string): Promise<string[]> {
  return (await runtime.emails())
    .filter((e) => e.kind !== 'invoice' && e.ref.startsWith(`${invoice}#`))
    .map((e) => `${e.on} ${e.kind}`);
}

async function items(runtime: TestRuntime, table = TABLE_NAME): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await runtime.db.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    found.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

async function caseOf(runtime: TestRuntime, invoice: string) {
  return (await items(runtime)).find((i) => i.type === 'dunning-case' && i.invoice === invoice);
}

/** The fee and interest entries on the parent's account, as `<date> <kind> <amount>` (DUN-5, DUN-6). */
async function charges(runtime: TestRuntime, parent: string, invoice: string): Promise<string[]> {
  const entries: { on: string; kind: string; invoice?: string; amount: number }[] = (
    await runtime.call('GET', `/parents/${parent}/account`)
  ).body.entries;
  return entries
    .filter((e) => (e.kind === 'fee' || e.kind === 'interest') && e.invoice === invoice)
    .map((e) => `${e.on} ${e.kind} ${e.amount}`);
}

/** The dunning executions of an invoice the runtime holds, with their status. */
async function dunningExecutions(runtime: TestRuntime, invoice: string): Promise<string[]> {
  return (await items(runtime, RUNTIME_TABLE_NAME))
    .filter((i) => String(i.pk).startsWith('EXECUTION#') && String(i.name).startsWith(`dunning-${invoice}-`))
    .map((i) => `${i.name} ${i.status}`);
}

/**
 * The fault SES cannot be made to produce: a payment landing while the reminder is with SES. `refused`: SES
 * then refuses it for throttling (a passing refusal: the mailer releases its claim and the step is
 * retried); `accepted`: SES then takes it, the payment having come too late to stop it. `onFirstSend`
 * books the payment; every other e-mail goes to the real local SES untouched.
 */
function raceFirstSendOf(
  kind: string,
  to: string,
  then: 'refused' | 'accepted',
  onFirstSend: () => Promise<void>,
): { fired: () => boolean } {
  const realSend = SESv2Client.prototype.send;
  const own = Object.hasOwn(SESv2Client.prototype, 'send');
  let fired = false;
  // biome-ignore lint/suspicious/noExplicitAny: the client's send has overloads; the wrapper passes them on
  const racing = async function (this: SESv2Client, command: any, ...rest: any[]) {
    const send = () => (realSend as (...args: unknown[]) => Promise<unknown>).call(this, command, ...rest);
    const headers = command instanceof SendEmailCommand ? command.input.Content?.Simple?.Headers : undefined;
    const sending = headers?.find((h) => h.Name === 'X-Opvang-Kind')?.Value;
    if (fired || sending !== kind || !command.input.Destination?.ToAddresses?.includes(to)) return send();
    fired = true;
    await onFirstSend();
    if (then === 'accepted') return send();
    throw new TooManyRequestsException({
      message: 'Maximum sending rate exceeded.',
      $metadata: { httpStatusCode: 429 },
    });
  };
  SESv2Client.prototype.send = racing as typeof realSend;
  const previous = restoreSes;
  restoreSes = () => {
    if (own) SESv2Client.prototype.send = realSend;
    else delete (SESv2Client.prototype as { send?: unknown }).send;
    previous?.();
  };
  return { fired: () => fired };
}

/** Every record the table's stream holds, oldest first (DynamoDB Local keeps them all). */
async function streamRecords(runtime: TestRuntime): Promise<DynamoDBRecord[]> {
  const streams = new DynamoDBStreamsClient({ endpoint: runtime.dynamodbUrl });
  try {
    const table = await runtime.db.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
    const streamArn = table.Table?.LatestStreamArn as string;
    const shards = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription
      ?.Shards;
    const records: _Record[] = [];
    for (const shard of shards ?? []) {
      let iterator = (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        records.push(...(page.Records ?? []));
        if (!page.Records?.length) break;
        iterator = page.NextShardIterator;
      }
    }
    return records.map((r) => ({ ...r, eventSourceARN: streamArn }) as unknown as DynamoDBRecord);
  } finally {
    streams.destroy();
  }
}

/** The INSERT of one account entry, as the stream delivered it. */
async function entryRecord(runtime: TestRuntime, kind: string, parent: string): Promise<DynamoDBRecord> {
  const found = (await streamRecords(runtime)).filter((r) => {
    const image = r.dynamodb?.NewImage;
    return (
      r.eventName === 'INSERT' &&
      image?.type?.S === 'account-entry' &&
      image.kind?.S === kind &&
      image.parentId?.S === parent
    );
  });
  expect(found).toHaveLength(1);
  return found[0] as DynamoDBRecord;
}

/** Lambda delivers at least once: the same record handed to the stream handler again. */
async function deliverAgain(runtime: TestRuntime, record: DynamoDBRecord): Promise<void> {
  const event: DynamoDBStreamEvent = { Records: [record] };
  const response = await streamHandler(event, { awsRequestId: 'redelivery' } as never);
  expect(response?.batchItemFailures ?? []).toEqual([]);
  await runtime.settle();
}

describe('issue 10, DUN-10: a payment that lands while reminder 1 is being sent', () => {
  it('DUN-10: SES refusing the reminder, a full payment means no reminder and no fee, a partial one a reminder stating the reduced principal that the parent then owes; SES taking it, a full payment means no fee and no later letter', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    const runtime = rt;
    const invoices = await unpaidMarch(runtime, [SUKRU, LUCJA, HUNG]);
    const sukru = invoices.p2 as { number: string; total: number };
    const lucja = invoices.p3 as { number: string; total: number };
    const hung = invoices.p4 as { number: string; total: number };

    // Şükrü's transfer of the whole invoice is booked while his first reminder is with SES.
    const full = raceFirstSendOf('reminder-1', SUKRU.email, 'refused', async () => {
      const paid = await runtime.call('POST', '/payments', {
        parent: 'p2',
        amount: sukru.total,
        date: '2027-03-02',
        reference: 'ABN-20270302-0412',
      });
      expect(paid.status).toBe(201);
    });
    // Łucja's transfer of € 300 is booked while hers is.
    const partial = raceFirstSendOf('reminder-1', LUCJA.email, 'refused', async () => {
      const paid = await runtime.call('POST', '/payments', {
        parent: 'p3',
        amount: 30_000,
        date: '2027-03-02',
        reference: 'ING-20270302-5530',
      });
      expect(paid.status).toBe(201);
    });
    // Hùng's transfer of the whole invoice is booked while his is with SES, which then takes it.
    const late = raceFirstSendOf('reminder-1', HUNG.email, 'accepted', async () => {
      const paid = await runtime.call('POST', '/payments', {
        parent: 'p4',
        amount: hung.total,
        date: '2027-03-02',
        reference: 'ABN-20270302-0977',
      });
      expect(paid.status).toBe(201);
    });
    await runtime.goTo('2027-03-02', 10);
    expect([full.fired(), partial.fired(), late.fired()]).toEqual([true, true, true]);

    // Şükrü: no letter demanding money he paid, no fee for a reminder never sent; his case is over.
    expect(await dunningEmails(runtime, sukru.number)).toEqual([]);
    expect(await charges(runtime, 'p2', sukru.number)).toEqual([]);
    const sukruAccount = (await runtime.call('GET', '/parents/p2/account')).body;
    expect(sukruAccount).toMatchObject({ owed: 0, credit: 0 });
    expect(await caseOf(runtime, sukru.number)).toMatchObject({ status: 'cleared', closedOn: '2027-03-02' });

    // Łucja: one reminder, stating the principal after her € 300, and she owes exactly what it says.
    expect(await dunningEmails(runtime, lucja.number)).toEqual(['2027-03-02 reminder-1']);
    const reminder = (await runtime.emails()).find((e) => e.kind === 'reminder-1' && e.to === LUCJA.email);
    const stated = statedAmounts(reminder?.text ?? '');
    expect(stated.principal).toBe(lucja.total - 30_000);
    expect(stated.fees).toBe(3_500);
    expect(stated.interest).toBe(interest(lucja.total - 30_000, 1));
    expect(stated.total).toBe(stated.principal + stated.fees + stated.interest);
    expect(reminder?.text).not.toContain(euro(lucja.total));
    const lucjaInvoice = (await runtime.call('GET', '/parents/p3/account')).body.invoices.find(
      (i: { number: string }) => i.number === lucja.number,
    );
    // What she owes is what the reminder says: the same total, the same fee and interest charged.
    expect(lucjaInvoice).toMatchObject({
      fees: stated.fees,
      interest: stated.interest,
      balance: stated.total,
    });
    expect(lucjaInvoice.paid + lucjaInvoice.feesPaid + lucjaInvoice.interestPaid).toBe(30_000);
    // DUN-6: one fee, for the one reminder sent (and the interest it stated, DUN-5).
    expect(await charges(runtime, 'p3', lucja.number)).toEqual([
      '2027-03-02 fee 3500',
      `2027-03-02 interest ${stated.interest}`,
    ]);

    // Hùng: the reminder was on its way when his money came; it tells a parent who paid meanwhile to regard
    // it as not sent, so it costs him nothing (no fee, no interest) and his case ends that day.
    expect(await dunningEmails(runtime, hung.number)).toEqual(['2027-03-02 reminder-1']);
    expect(await charges(runtime, 'p4', hung.number)).toEqual([]);
    expect((await runtime.call('GET', '/parents/p4/account')).body).toMatchObject({ owed: 0, credit: 0 });
    expect(await caseOf(runtime, hung.number)).toMatchObject({ status: 'cleared', closedOn: '2027-03-02' });

    // Nothing reaches Şükrü or Hùng about March afterwards, nor any letter; Łucja's ladder goes on once
    // (DUN-3, DUN-4).
    await runtime.goTo('2027-03-25', 10);
    expect(await dunningEmails(runtime, sukru.number)).toEqual([]);
    expect(await dunningEmails(runtime, hung.number)).toEqual(['2027-03-02 reminder-1']);
    expect(
      (await items(runtime)).filter((i) => i.type === 'letter').map((i) => `${i.on} ${i.kind} ${i.invoice}`),
    ).toEqual([`2027-03-16 reminder-2 ${lucja.number}`]);
    expect(await dunningEmails(runtime, lucja.number)).toEqual([
      '2027-03-02 reminder-1',
      '2027-03-16 reminder-2',
      '2027-03-24 handover',
    ]);
  }, 300_000);
});

describe('issue 10: a stream record delivered twice', () => {
  it('DUN-1, DUN-2, DUN-6: the found-unpaid entry and a payment delivered twice start one execution, send one reminder of each kind and book each fee and payment once', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    const runtime = rt;
    const { number, total } = (await unpaidMarch(runtime, [SUKRU])).p2 as { number: string; total: number };

    // DUN-1: found unpaid at the end of Monday 1 March (booked at 00:30 on the 2nd); delivered again
    // before the first reminder, and again once it was sent and the case waits.
    await runtime.goTo('2027-03-02', 8);
    const foundUnpaid = await entryRecord(runtime, 'found-unpaid', 'p2');
    expect(foundUnpaid.dynamodb?.NewImage?.on?.S).toBe('2027-03-01');
    await deliverAgain(runtime, foundUnpaid);
    await runtime.goTo('2027-03-02', 10);
    await deliverAgain(runtime, foundUnpaid);
    expect(await dunningEmails(runtime, number)).toEqual(['2027-03-02 reminder-1']);

    // A transfer of € 200 on Friday 5 March, its record delivered twice while the case waits.
    await runtime.goTo('2027-03-05', 10);
    const paid = await runtime.call('POST', '/payments', {
      parent: 'p2',
      amount: 20_000,
      date: '2027-03-05',
      reference: 'ABN-20270305-0077',
    });
    expect(paid.status).toBe(201);
    await runtime.settle();
    const payment = await entryRecord(runtime, 'payment', 'p2');
    await deliverAgain(runtime, payment);
    await deliverAgain(runtime, payment);
    await deliverAgain(runtime, foundUnpaid);

    await runtime.goTo('2027-03-16', 10);
    expect(await dunningEmails(runtime, number)).toEqual(['2027-03-02 reminder-1', '2027-03-16 reminder-2']);
    expect(await dunningExecutions(runtime, number)).toEqual([`dunning-${number}-2027-03-01 RUNNING`]);
    const account = (await runtime.call('GET', '/parents/p2/account')).body;
    const march = account.invoices.find((i: { number: string }) => i.number === number);
    // The € 200 is on the account once, and paid the first reminder's costs first (DUN-7).
    const payments = account.entries.filter((e: { kind: string }) => e.kind === 'payment');
    expect(payments.map((e: { on: string; amount: number }) => `${e.on} ${e.amount}`)).toEqual([
      '2027-03-05 -20000',
    ]);
    expect(march.paid + march.feesPaid + march.interestPaid).toBe(20_000);
    expect(march.feesPaid).toBe(3_500);
    // DUN-6: two fees of € 35, one per reminder.
    const fees = (await charges(runtime, 'p2', number)).filter((c) => c.includes(' fee '));
    expect(fees).toEqual(['2027-03-02 fee 3500', '2027-03-16 fee 3500']);
    // The second reminder states the principal after the one payment, and what the account says.
    const second = (await runtime.emails()).find((e) => e.kind === 'reminder-2');
    const stated = statedAmounts(second?.text ?? '');
    expect(stated.principal).toBe(total - march.paid);
    expect(stated.principal).toBe(march.principalOpen);
    expect(stated.fees).toBe(3_500);
    expect(stated.total).toBe(march.balance);
    // DUN-3: its letter, once.
    expect(
      (await items(runtime)).filter((i) => i.type === 'letter').map((i) => `${i.on} ${i.kind} ${i.invoice}`),
    ).toEqual([`2027-03-16 reminder-2 ${number}`]);
  }, 300_000);
});

describe('issue 10: a restart in the middle of dunning', () => {
  it('DUN-3, DUN-4, DUN-6: stopped between reminder 1 and reminder 2, started again on the same data, the ladder ends with each e-mail, letter and fee once, on its day', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'opvang-dunning-restart-'));
    dataDirs.push(dataDir);
    rt = await startTestRuntime({ start: '2027-02-19', dataDir });
    const { number } = (await unpaidMarch(rt, [SUKRU])).p2 as { number: string; total: number };
    await rt.goTo('2027-03-10', 10);
    expect(await dunningEmails(rt, number)).toEqual(['2027-03-02 reminder-1']);
    expect(await caseOf(rt, number)).toMatchObject({ status: 'active' });
    await rt.shutdown();
    rt = undefined;

    // Started again on Wednesday 10 March on the same data; the SES store keeps the e-mails of both runs.
    rt = await startTestRuntime({ start: '2027-03-10', dataDir, keepEmails: true });
    await rt.goTo('2027-03-25', 10);

    expect(await dunningEmails(rt, number)).toEqual([
      '2027-03-02 reminder-1',
      '2027-03-16 reminder-2',
      '2027-03-24 handover',
    ]);
    const emailRecords = (await items(rt)).filter(
      (i) => i.type === 'email' && String(i.ref).startsWith(`${number}#`),
    );
    expect(emailRecords.map((r) => `${r.kind} ${r.status}`).sort()).toEqual([
      'handover sent',
      'reminder-1 sent',
      'reminder-2 sent',
    ]);
    // DUN-3: one letter, on 16 March, one PDF in the exports store, printed with that day's letters.
    expect(
      (await items(rt)).filter((i) => i.type === 'letter').map((i) => `${i.on} ${i.kind} ${i.invoice}`),
    ).toEqual([`2027-03-16 reminder-2 ${number}`]);
    expect(readdirSync(path.join(dataDir, 'exports', 'letters'), { recursive: true }).sort()).toEqual([
      '2027-03-16',
      path.join('2027-03-16', `reminder-2-${number}.pdf`),
    ]);
    const printed = await fetch(`${rt.apiUrl}/letters?date=2027-03-16`, {
      headers: { authorization: `Bearer ${rt.adminKey}` },
    });
    expect(printed.status).toBe(200);
    expect(printed.headers.get('content-type')).toContain('application/pdf');
    // DUN-6: a fee per reminder, once each; DUN-4: the hand-over adds none and is one staff task.
    const fees = (await charges(rt, 'p2', number)).filter((c) => c.includes(' fee '));
    expect(fees).toEqual(['2027-03-02 fee 3500', '2027-03-16 fee 3500']);
    const interest = (await charges(rt, 'p2', number)).filter((c) => c.includes(' interest '));
    // DUN-5: the interest each message stated, booked with it (the hand-over's to its day too).
    expect(interest.map((c) => c.slice(0, 10))).toEqual(['2027-03-02', '2027-03-16', '2027-03-24']);
    const tasks: { subject: string }[] = (await rt.call('GET', '/tasks')).body.tasks;
    expect(tasks.filter((t) => t.subject === `hand-over#${number}`)).toHaveLength(1);
    expect(await caseOf(rt, number)).toMatchObject({ status: 'handed-over', closedOn: '2027-03-24' });
    expect(await dunningExecutions(rt, number)).toEqual([`dunning-${number}-2027-03-01 SUCCEEDED`]);
  }, 300_000);
});
