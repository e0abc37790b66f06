import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { ContractRecord, OfferRecord } from '#shared/records.ts';
import type { Runtime } from './runtime.ts';
import { RUNTIME_TABLE_NAME, TABLE_NAME } from './table-design.ts';

/**
 * The simulation report, read back from what the system stored (the table) and sent (the local SES store),
 * never predicted. Every list is sorted by date, then by id.
 */
export interface Report {
  contracts: { id: string; parent: string; product: string; start: string; status: string; end: string }[];
  offers: {
    id: string;
    parent: string;
    status: string;
    offeredOn: string;
    lapsesOn: string;
    acceptedOn?: string;
    contract?: string;
  }[];
  emails: { on: string; to: string; kind: string; ref: string; subject: string }[];
  failures: { what: string; id: string; error: string }[];
}

interface StoredEmail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  headers?: { name: string; value: string }[];
}

async function scanAll(runtime: Runtime, table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await runtime.db.send(
      new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function sentEmails(
  runtime: Runtime,
): Promise<(StoredEmail & { header: (name: string) => string })[]> {
  const response = await fetch(`${runtime.sesUrl}/store`);
  const store = (await response.json()) as { emails: StoredEmail[] };
  return store.emails.map((email) => ({
    ...email,
    header: (name: string) =>
      email.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value ?? '',
  }));
}

const byDateThenId =
  <T>(date: (t: T) => string, id: (t: T) => string) =>
  (a: T, b: T) =>
    date(a).localeCompare(date(b)) || id(a).localeCompare(id(b));

export async function readReport(runtime: Runtime): Promise<Report> {
  const items = await scanAll(runtime, TABLE_NAME);
  const contracts = items
    .filter((i) => i.type === 'contract')
    .map((i) => i as unknown as ContractRecord)
    .map((c) => ({
      id: c.id,
      parent: c.parentId,
      product: c.product,
      start: c.start,
      status: c.status,
      end: c.end,
    }))
    .sort(
      byDateThenId(
        (c) => c.start,
        (c) => c.id,
      ),
    );
  const offers = items
    .filter((i) => i.type === 'offer')
    .map((i) => i as unknown as OfferRecord)
    .map((o) => ({
      id: o.id,
      parent: o.parentId,
      status: o.status,
      offeredOn: o.offeredOn,
      lapsesOn: o.lapsesOn,
      ...(o.acceptedOn ? { acceptedOn: o.acceptedOn, contract: o.contractId } : {}),
    }))
    .sort(
      byDateThenId(
        (o) => o.offeredOn,
        (o) => o.id,
      ),
    );
  const emails = (await sentEmails(runtime))
    .map((e) => ({
      on: e.header('X-Opvang-Date'),
      to: e.destination.to.join(', '),
      kind: e.header('X-Opvang-Kind'),
      ref: e.header('X-Opvang-Ref'),
      subject: e.subject,
    }))
    .sort(
      byDateThenId(
        (e) => e.on,
        (e) => `${e.ref}#${e.kind}`,
      ),
    );
  const runtimeItems = await scanAll(runtime, RUNTIME_TABLE_NAME);
  const failures = [
    ...runtimeItems
      .filter((i) => String(i.pk).startsWith('EXECUTION#') && i.status === 'FAILED')
      .map((i) => ({ what: 'workflow', id: String(i.name), error: String(i.error ?? '') })),
    ...runtimeItems
      .filter((i) => String(i.pk).startsWith('DEADLETTER#'))
      .map((i) => ({
        what: 'stream record',
        id: String(i.sequenceNumber),
        error: `parked after ${i.attempts} attempts`,
      })),
  ];
  return { contracts, offers, emails, failures };
}

/** --out: the outbox as files a person can open: each e-mail as .eml, and the report itself. */
export async function writeOutbox(runtime: Runtime, report: Report, dir: string): Promise<void> {
  const emailDir = path.join(dir, 'emails');
  mkdirSync(emailDir, { recursive: true });
  for (const email of await sentEmails(runtime)) {
    const eml = await fetch(
      `${runtime.sesUrl}/get-emlContent?messageId=${encodeURIComponent(email.messageId)}`,
    );
    const name = `${email.header('X-Opvang-Date')}_${email.header('X-Opvang-Kind')}_${email.header('X-Opvang-Ref')}.eml`;
    writeFileSync(path.join(emailDir, name.replace(/[^A-Za-z0-9._-]/g, '_')), await eml.text());
  }
  writeFileSync(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
}
