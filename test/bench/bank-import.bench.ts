/**
 * `npm run bench -- --only bank-import [--json] [--entries N]` (issue 9 item 6): a camt.053 day statement
 * of 10,000 transfers imported against 10,000 open invoices, on DynamoDB Local, through `importBankFile`
 * as POST /bank-files calls it; then the table stream's projection of each account (the stream handler
 * run over the records the import wrote, in batches of 100 as Lambda delivers them). Figures: seconds,
 * DynamoDB write and read requests per entry (target: ≤ 3 writes), peak memory. It checks that the import
 * is a real one: every invoice paid, every transfer booked.
 */
import { parseArgs } from 'node:util';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { dynamo } from '../../functions/adapters/clients.ts';
import { monthInvoices, putInvoices } from '../../functions/adapters/invoice-store.ts';
import { parentItem } from '../../functions/adapters/store.ts';
import { importBankFile } from '../../functions/payments/bank-import.ts';
import { handler as streamHandler } from '../../functions/process-table-stream.ts';
import { startRuntime } from '../../infra/local/runtime.ts';
import { virtualClock } from '../../infra/local/runtime-clock.ts';
import { type BankAccount, camt053DayStatement, type Transfer } from '../../infra/local/simulated-bank.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { readBankFile } from '../../shared/bank-files/read-bank-file.ts';
import { startOfDate } from '../../shared/clock.ts';
import { type InvoiceRecord, invoiceNumber } from '../../shared/invoices.ts';
import { keys } from '../../shared/keys.ts';
import type { ParentRecord } from '../../shared/records.ts';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, entries: { type: 'string', default: '10000' } },
});
const ENTRIES = Number(values.entries);
// The simulated bank numbers a statement's bookings with four digits: beyond 10,000 two would share a reference.
if (!Number.isSafeInteger(ENTRIES) || ENTRIES < 1 || ENTRIES > 10_000)
  throw new RangeError(`--entries ${values.entries}: 1 to 10000 (one day statement)`);
const log = (line: string) => process.stderr.write(`${line}\n`);

const MONTH = '2027-03';
const STATEMENT_DAY = '2027-02-26';
const OURS: BankAccount = { iban: 'NL39RABO0300065264', bic: 'RABONL2U', name: 'Kinderopvang De Tol B.V.' };
const FIRST = ['Şükrü', 'Łucja', 'Nguyễn Thị Minh', 'Sanne', 'Mohammed', 'Anouk', 'Priya', 'Joost'];
const LAST = ['Yılmaz', 'Wiśniewska', 'Khai', 'de Vries', 'El Amrani', 'Jansen', 'Ramdin', 'van Dijk'];

/** A Dutch IBAN with its ISO 7064 check digits: every parent pays from an account of their own. */
function dutchIban(bank: string, account: number): string {
  const bban = `${bank}${String(account).padStart(10, '0')}`;
  const digits = [...`${bban}NL00`].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
  let remainder = 0;
  for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  return `NL${String(98 - remainder).padStart(2, '0')}${bban}`;
}

interface Family {
  parent: ParentRecord;
  invoice: InvoiceRecord;
}

function families(): Family[] {
  return Array.from({ length: ENTRIES }, (_, i) => {
    const n = i + 1;
    const parentId = `bp${String(n).padStart(6, '0')}`;
    const name = `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`;
    // Amounts differ from parent to parent as rates do: an IBAN-and-amount match is a real one.
    const rate = 700 + ((n * 37) % 300);
    const amount = 65 * rate;
    return {
      parent: {
        type: 'parent',
        id: parentId,
        name,
        email: `ouder${n}@example.nl`,
        language: n % 10 === 0 ? 'en' : 'nl',
        iban: dutchIban(['INGB', 'RABO', 'ABNA', 'SNSB'][n % 4] as string, 100_000 + n),
      },
      invoice: {
        type: 'invoice',
        id: `${parentId}#${MONTH}`,
        number: invoiceNumber('2027', n),
        parentId,
        month: MONTH,
        issuedOn: '2027-02-22',
        debitOn: '2027-03-01',
        lines: [
          {
            kind: 'contract',
            contract: `bc${String(n).padStart(6, '0')}`,
            description: `Dagopvang (vaste dagen) Kind ${n}`,
            amount,
            hoursAtRates: [{ hours: 65, rate }],
          },
        ],
        total: amount,
        status: 'open',
        paid: 0,
        collect: 'transfer',
      },
    };
  });
}

/**
 * What parents write, as a bank passes it on: mostly the invoice number in free text, some as a structured
 * reference, some run together; one in ten writes no number (matched by IBAN and the exact amount).
 */
function transferOf({ parent, invoice }: Family, n: number): Transfer {
  const payer = { name: parent.name, iban: parent.iban as string };
  const base = { kind: 'transfer' as const, amount: invoice.total, payer };
  switch (n % 10) {
    case 0:
      return { ...base, remittance: 'kinderopvang maart' };
    case 1:
      return { ...base, reference: invoice.number };
    case 2:
      return { ...base, remittance: `factuurnr ${invoice.number.replace('-', '')} ${parent.name}` };
    default:
      return { ...base, remittance: `Factuur ${invoice.number} kinderopvang maart 2027` };
  }
}

type Phase = 'import' | 'projection';
interface Requests {
  writes: Map<string, number>;
  reads: Map<string, number>;
  /** Where the phase waits: requests and milliseconds per command (they overlap when concurrent). */
  waits: Map<string, { requests: number; ms: number }>;
}

/** Counts the handlers' DynamoDB requests at their own client, per phase (as invoice-run.bench does). */
function countRequests(): { phase: { current: Phase | undefined }; counted: Record<Phase, Requests> } {
  const phase: { current: Phase | undefined } = { current: undefined };
  const requests = (): Requests => ({ writes: new Map(), reads: new Map(), waits: new Map() });
  const counted: Record<Phase, Requests> = { import: requests(), projection: requests() };
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const current = phase.current;
      if (!current) return next(args);
      const command = (context.commandName ?? '').replace(/Command$/, '');
      const { writes, reads, waits } = counted[current];
      if (/Put|Write|Update|Delete/.test(command)) writes.set(command, (writes.get(command) ?? 0) + 1);
      else if (/Get|Query|Scan/.test(command)) reads.set(command, (reads.get(command) ?? 0) + 1);
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        const wait = waits.get(command) ?? { requests: 0, ms: 0 };
        wait.requests++;
        wait.ms += performance.now() - started;
        waits.set(command, wait);
      }
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return { phase, counted };
}

const total = (counts: Map<string, number>) => [...counts.values()].reduce((a, b) => a + b, 0);

/** The table's stream, read as Lambda's event source mapping reads it: shard by shard, in order. */
class TableStream {
  private readonly streams: DynamoDBStreamsClient;
  private readonly ends = new Map<string, string>();

  constructor(
    endpoint: string,
    private readonly arn: string,
  ) {
    this.streams = new DynamoDBStreamsClient({ endpoint });
  }

  private async shardIds(): Promise<string[]> {
    const ids: string[] = [];
    let start: string | undefined;
    do {
      const page = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.arn, ExclusiveStartShardId: start }),
      );
      for (const shard of page.StreamDescription?.Shards ?? []) if (shard.ShardId) ids.push(shard.ShardId);
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return ids;
  }

  /** Each shard's records after the last one read (from its start the first time), `limit` at a time. */
  async *batches(limit: number): AsyncGenerator<DynamoDBRecord[]> {
    for (const shardId of await this.shardIds()) {
      const after = this.ends.get(shardId);
      let iterator = (
        await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: this.arn,
            ShardId: shardId,
            ...(after
              ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
              : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        )
      ).ShardIterator;
      while (iterator) {
        const page = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }),
        );
        const records = (page.Records ?? []) as unknown as DynamoDBRecord[];
        if (!records.length) break;
        this.ends.set(shardId, records.at(-1)?.dynamodb?.SequenceNumber as string);
        yield records;
        iterator = page.NextShardIterator;
      }
    }
  }

  /** Passes over what is in the stream now (the seeding: its invoices were e-mailed when the run made them). */
  async skipToEnd(): Promise<number> {
    let skipped = 0;
    for await (const records of this.batches(1000)) skipped += records.length;
    return skipped;
  }

  destroy(): void {
    this.streams.destroy();
  }
}

async function main() {
  const clock = virtualClock(startOfDate(STATEMENT_DAY));
  const runtime = await startRuntime({ clock, ports: { api: 0, dynamodb: 0, ses: 0 } });
  const table = new DynamoDBClient({ endpoint: runtime.dynamodbUrl });
  const described = await table.send(new DescribeTableCommand({ TableName: TABLE_NAME }));
  const stream = new TableStream(runtime.dynamodbUrl, described.Table?.LatestStreamArn as string);
  try {
    log(`seeding ${ENTRIES} parents, each with one open invoice for ${MONTH}…`);
    const seeded = families();
    // Parents as the store writes them (with the IBAN the import matches on); invoices as the run does.
    await putParents(seeded.map((f) => f.parent));
    await putInvoices(seeded.map((f) => f.invoice));
    const skipped = await stream.skipToEnd();
    log(`  ${skipped} stream records of the seeding passed over`);

    const statement = camt053DayStatement({
      account: OURS,
      date: STATEMENT_DAY,
      sequence: 41,
      openingBalance: 1_000_000,
      entries: seeded.map((f, i) => transferOf(f, i + 1)),
    });
    const fileMB = Buffer.byteLength(statement) / 1024 / 1024;
    const byIbanOnly = seeded.filter((_, i) => (i + 1) % 10 === 0).length;

    const { phase, counted } = countRequests();
    // The bench's own setup (the statement written by the simulated bank) is in this figure, not the import's.
    const rssBeforeImport = process.memoryUsage().rss;
    let peak = rssBeforeImport;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);

    log(`importing a camt.053 of ${ENTRIES} transfers (${fileMB.toFixed(1)} MB)…`);
    phase.current = 'import';
    const importStarted = performance.now();
    const summary = await importBankFile(statement);
    const importSeconds = (performance.now() - importStarted) / 1000;
    phase.current = undefined;

    log('the stream: projecting each account…');
    let handlerMs = 0;
    let records = 0;
    const drainStarted = performance.now();
    for await (const batch of stream.batches(100)) {
      records += batch.length;
      phase.current = 'projection';
      const started = performance.now();
      const response = await streamHandler({ Records: batch }, { awsRequestId: 'bench' } as Context);
      handlerMs += performance.now() - started;
      phase.current = undefined;
      if (response?.batchItemFailures.length)
        throw new Error(`the stream handler failed ${response.batchItemFailures.length} records`);
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    clearInterval(sampler);
    // Of the import's time, how much is reading the file (no DynamoDB): measured once more, apart.
    const readStarted = performance.now();
    readBankFile(statement);
    const readSeconds = (performance.now() - readStarted) / 1000;

    // A real import: every transfer booked, every invoice paid in full by the projection.
    const invoices = await monthInvoices(MONTH, ['number', 'status', 'paid', 'total']);
    const paid = invoices.filter((i) => i.status === 'paid' && i.paid === i.total).length;
    const booked = summary.outcome.booked.transactions;
    const matchedByIban = await bookedByIbanAndAmount();
    if (booked !== ENTRIES || paid !== ENTRIES || matchedByIban !== byIbanOnly)
      throw new Error(
        `not a real import: ${booked} of ${ENTRIES} transfers booked (${matchedByIban} of ${byIbanOnly} by IBAN and amount), ${paid} of ${invoices.length} invoices paid; ${JSON.stringify(summary.outcome)}`,
      );

    const figures = (requests: Requests, seconds: number) => ({
      seconds: Number(seconds.toFixed(2)),
      entriesPerSecond: Math.round(ENTRIES / seconds),
      writeRequests: total(requests.writes),
      writeRequestsPerEntry: Number((total(requests.writes) / ENTRIES).toFixed(3)),
      readRequests: total(requests.reads),
      readRequestsPerEntry: Number((total(requests.reads) / ENTRIES).toFixed(3)),
      writesByCommand: Object.fromEntries(requests.writes),
      readsByCommand: Object.fromEntries(requests.reads),
      waits: Object.fromEntries(
        [...requests.waits].map(([c, w]) => [c, { requests: w.requests, ms: Math.round(w.ms) }]),
      ),
    });
    const both = (pick: (r: Requests) => Map<string, number>) =>
      Number(((total(pick(counted.import)) + total(pick(counted.projection))) / ENTRIES).toFixed(3));
    const result = {
      entries: ENTRIES,
      fileMB: Number(fileMB.toFixed(1)),
      booked,
      bookedByInvoiceNumber: booked - matchedByIban,
      bookedByIbanAndAmount: matchedByIban,
      invoicesPaid: paid,
      import: {
        ...figures(counted.import, importSeconds),
        readingFileSeconds: Number(readSeconds.toFixed(2)),
      },
      projection: {
        ...figures(counted.projection, handlerMs / 1000),
        streamRecords: records,
        drainSeconds: Number(drainSeconds.toFixed(2)),
      },
      importAndProjection: {
        seconds: Number((importSeconds + handlerMs / 1000).toFixed(2)),
        writeRequestsPerEntry: both((r) => r.writes),
        readRequestsPerEntry: both((r) => r.reads),
      },
      peakMemoryMB: Math.round(peak / 1024 / 1024),
      memoryBeforeImportMB: Math.round(rssBeforeImport / 1024 / 1024),
      targets: { writeRequestsPerEntry: 3 },
      met: {
        importWriteRequestsPerEntry: total(counted.import.writes) / ENTRIES <= 3,
        importAndProjectionWriteRequestsPerEntry: both((r) => r.writes) <= 3,
      },
    };
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else {
      const line = (what: string, f: ReturnType<typeof figures>) =>
        `${what}: ${f.seconds} s (${f.entriesPerSecond}/s); ${f.writeRequestsPerEntry} write requests per entry ${JSON.stringify(f.writesByCommand)}, ${f.readRequestsPerEntry} reads ${JSON.stringify(f.readsByCommand)}`;
      const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
      process.stdout.write(
        [
          `bank import: a camt.053 of ${ENTRIES} transfers (${result.fileMB} MB) against ${ENTRIES} open invoices`,
          `  booked ${booked} (${result.bookedByInvoiceNumber} by invoice number, ${matchedByIban} by IBAN and amount); ${paid} invoices paid`,
          `  ${line('import', result.import)}; reading the file alone ${result.import.readingFileSeconds} s`,
          `  ${line('projection (stream handler)', result.projection)}; ${records} stream records, drained in ${result.projection.drainSeconds} s`,
          `  import + projection: ${result.importAndProjection.seconds} s; ${result.importAndProjection.writeRequestsPerEntry} write requests per entry, ${result.importAndProjection.readRequestsPerEntry} reads`,
          `  target ≤ 3 write requests per entry: import ${verdict(result.met.importWriteRequestsPerEntry)}, import + projection ${verdict(result.met.importAndProjectionWriteRequestsPerEntry)}`,
          `  DynamoDB requests and time waited, by command: import ${JSON.stringify(result.import.waits)}; projection ${JSON.stringify(result.projection.waits)}`,
          `  peak memory (this process): ${result.peakMemoryMB} MB (${result.memoryBeforeImportMB} MB before the import)`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    stream.destroy();
    table.destroy();
    await runtime.stop();
    clock.uninstall();
  }
}

/** Parents as the store writes them: under their key, in the list of parents, and by IBAN (issue 9). */
async function putParents(parents: ParentRecord[]): Promise<void> {
  const chunks: ParentRecord[][] = [];
  for (let i = 0; i < parents.length; i += 25) chunks.push(parents.slice(i, i + 25));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let pending: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
        [TABLE_NAME]: chunk.map((p) => ({ PutRequest: { Item: { ...parentItem(p) } } })),
      };
      while (pending && Object.keys(pending).length) {
        const result = await dynamo().send(new BatchWriteCommand({ RequestItems: pending }));
        pending = result.UnprocessedItems as typeof pending;
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/** How many bank entries were booked by the payer's IBAN and amount (no invoice number written). */
async function bookedByIbanAndAmount(): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: TABLE_NAME,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :booked',
        ExpressionAttributeValues: { ':booked': keys.bankEntriesByStatus('booked', '', '').gsi2pk },
        ProjectionExpression: 'note',
        ExclusiveStartKey: start,
      }),
    );
    count += (page.Items ?? []).filter((i) => /IBAN/.test(String(i.note))).length;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

await main();
