import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { InvoiceRecord } from '#shared/invoices.ts';
import type { ContractRecord, OfferRecord } from '#shared/records.ts';
import { makeOwnerOnlyDir, writeOwnerOnlyFile } from '../../functions/adapters/owner-only-files.ts';
import type { Runtime } from './runtime.ts';
import { RUNTIME_TABLE_NAME, TABLE_NAME } from './table-design.ts';

/**
 * The simulation report, read back from what the system stored (the table) and sent (the local SES store),
 * never predicted. Every list is sorted by date, then by id.
 */
export interface Report {
  contracts: {
    id: string;
    parent: string;
    product: string;
    start: string;
    status: string;
    end: string;
    /** DUN-4: care suspended since this day (the contract still runs and is invoiced). */
    suspendedSince?: string;
  }[];
  offers: {
    id: string;
    parent: string;
    status: string;
    offeredOn: string;
    lapsesOn: string;
    acceptedOn?: string;
    contract?: string;
  }[];
  invoices: {
    number: string;
    parent: string;
    month: string;
    issued: string;
    debit: string;
    lines: { kind: string; contract: string; amount: number }[];
    total: number;
    status: string;
    paid: number;
  }[];
  sepa: {
    collection: string;
    transactions: number;
    total: number;
    file: string;
    excluded: { parent: string; reason: string }[];
  }[];
  emails: {
    on: string;
    to: string;
    kind: string;
    ref: string;
    subject: string;
    /** A reminder's or hand-over's invoice, and the amounts it stated (DUN-5..7), as its case stored them. */
    invoice?: string;
    amounts?: { principal: number; fees: number; interest: number; total: number };
  }[];
  /** DUN-3, DUN-8: the letters written, each a PDF (`file`; under `letters/` of `--out`). */
  letters: { on: string; to: string; kind: string; invoice: string; status: string; file: string }[];
  /**
   * KLA-2..8: each complaint by the scenario's name for it (`ref`: its id in the back office), with its
   * status, deadlines and events.
   */
  complaints: {
    id: string;
    ref: string;
    status: string;
    deadlines: { answerBy: string; externalBy: string; nextStepsOn: string; escalationOn: string };
    events: { on: string; what: string }[];
  }[];
  /** INV-8: each annual statement, issued (with the day it was e-mailed) or withheld (arrears). */
  annualStatements: {
    parent: string;
    year: number;
    status: string;
    on: string;
    id: string;
    child: string;
    location: string;
  }[];
  failures: { what: string; id: string; error: string }[];
}

interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string };
  headers?: { name: string; value: string }[];
  attachments?: { filename: string; contentType: string; content: string }[];
  /** When the local SES accepted it, in seconds since 1970, on the runtime's clock (virtual or not). */
  at?: number;
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

export async function readReport(
  runtime: Runtime,
  names: { complaints?: Map<string, string> } = {},
): Promise<Report> {
  const items = await scanAll(runtime, TABLE_NAME);
  const complaints = items
    .filter((i) => i.type === 'complaint')
    .map((i) => ({
      id: names.complaints?.get(String(i.id)) ?? String(i.id),
      ref: String(i.id),
      status: String(i.status),
      deadlines: i.deadlines as Report['complaints'][number]['deadlines'],
      events: (i.events as { on: string; what: string }[]) ?? [],
      submittedOn: String(i.submittedOn),
    }))
    .sort(
      byDateThenId(
        (c) => c.submittedOn,
        (c) => c.id,
      ),
    )
    .map(({ submittedOn: _on, ...c }) => c);
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
      ...(c.suspension && c.status === 'active' ? { suspendedSince: c.suspension.since } : {}),
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
  const invoices = items
    .filter((i) => i.type === 'invoice')
    .map((i) => i as unknown as InvoiceRecord)
    .map((i) => ({
      number: i.number,
      parent: i.parentId,
      month: i.month,
      issued: i.issuedOn,
      debit: i.debitOn,
      lines: i.lines.map((l) => ({ kind: l.kind, contract: l.contract, amount: l.amount })),
      total: i.total,
      status: i.status,
      paid: i.paid,
    }))
    .sort(
      byDateThenId(
        (i) => i.issued,
        (i) => i.number,
      ),
    );
  const sepa = items
    .filter((i) => i.type === 'sepa-export')
    .map((e) => ({
      collection: String(e.collection),
      transactions: Number(e.transactions),
      total: Number(e.total),
      file: String(e.file),
      excluded: e.excluded as { parent: string; reason: string }[],
    }))
    .sort(
      byDateThenId(
        (e) => e.collection,
        (e) => e.file,
      ),
    );
  // A reminder's e-mail ref is `<invoice>#<day found unpaid>`: its case stored what it stated.
  const stated = new Map<string, unknown>();
  for (const i of items.filter((i) => i.type === 'dunning-case'))
    for (const [step, taken] of Object.entries((i.done as Record<string, { amounts?: unknown }>) ?? {}))
      if (taken.amounts)
        stated.set(
          `${step === 'hand-over' ? 'handover' : step}#${i.invoice}#${i.foundUnpaidOn}`,
          taken.amounts,
        );
  const emails = (await sentEmails(runtime))
    .map((e) => {
      const kind = e.header('X-Opvang-Kind');
      const ref = e.header('X-Opvang-Ref');
      const amounts = stated.get(`${kind}#${ref}`) as Report['emails'][number]['amounts'];
      return {
        on: e.header('X-Opvang-Date'),
        to: e.destination.to.join(', '),
        kind,
        ref,
        subject: e.subject,
        ...(amounts ? { invoice: ref.split('#')[0] as string, amounts } : {}),
      };
    })
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
    // Everything else the system could not do is a staff task (an e-mail not sent, a debtor left out
    // of a batch, a stream record given up on), with its reason.
    ...items
      .filter((i) => i.type === 'task' && i.kind !== 'work')
      .map((i) => ({ what: String(i.what), id: String(i.subject), error: String(i.error) })),
  ];
  const letters = items
    .filter((i) => i.type === 'letter')
    .map((i) => ({
      on: String(i.on),
      to: String(i.parentId),
      kind: String(i.kind),
      invoice: String(i.invoice),
      status: String(i.status),
      file: i.file ? String(i.file) : '',
    }))
    .sort(
      byDateThenId(
        (l) => l.on,
        (l) => `${l.kind}#${l.invoice}`,
      ),
    );
  const annualStatements = items
    .filter((i) => i.type === 'annual-statement')
    .map((i) => ({
      parent: String(i.parentId),
      year: Number(i.year),
      status: String(i.status),
      on: String(i.status === 'issued' ? i.issuedOn : i.withheldOn),
      id: String(i.id),
      child: String(i.child),
      location: String(i.location),
    }))
    .sort(
      byDateThenId(
        (s) => s.on,
        (s) => s.id,
      ),
    );
  return { invoices, sepa, contracts, offers, emails, letters, complaints, annualStatements, failures };
}

/**
 * --out: the outbox as files a person can open: each e-mail as .eml, its attachments, the SEPA files, the
 * report, and the files the simulated bank sent (issue 9 item 5: day statements, notifications, status
 * reports, under `bank/`).
 */
export async function writeOutbox(
  runtime: Runtime,
  report: Report,
  dir: string,
  bankFiles: { name: string; xml: string }[] = [],
): Promise<void> {
  // Issue 7 item 15: e-mails, invoices and SEPA files hold personal data: owner-only (a folder the user
  // already had keeps its mode; everything written into it is owner-only).
  if (!existsSync(dir)) makeOwnerOnlyDir(dir);
  const emailDir = path.join(dir, 'emails');
  makeOwnerOnlyDir(emailDir);
  for (const email of await sentEmails(runtime)) {
    const name =
      `${email.header('X-Opvang-Date')}_${email.header('X-Opvang-Kind')}_${email.header('X-Opvang-Ref')}`.replace(
        /[^A-Za-z0-9._-]/g,
        '_',
      );
    // The store keeps attachments base64-encoded: decode them once, so that the .eml and the files open.
    const attachments = (email.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.content, 'base64'),
    }));
    const eml = await new MailComposer({
      from: email.from,
      to: email.destination.to,
      subject: email.subject,
      text: email.body.text,
      headers: Object.fromEntries((email.headers ?? []).map((h) => [h.name, h.value])),
      attachments,
      // Issue 7 item 17: dated when it was sent (when SES accepted it), not when the outbox is written.
      date: sentAt(email),
    })
      .compile()
      .build();
    writeOwnerOnlyFile(path.join(emailDir, `${name}.eml`), eml);
    for (const attachment of attachments) {
      makeOwnerOnlyDir(path.join(dir, 'attachments'));
      writeOwnerOnlyFile(
        path.join(dir, 'attachments', path.basename(attachment.filename)),
        attachment.content,
      );
    }
  }
  for (const batch of report.sepa) {
    if (!batch.file) continue;
    makeOwnerOnlyDir(path.join(dir, 'sepa'));
    writeOwnerOnlyFile(path.join(dir, 'sepa', path.basename(batch.file)), readFileSync(batch.file));
  }
  for (const letter of report.letters) {
    // A letter names the parent and their address: owner-only.
    if (!letter.file) continue;
    makeOwnerOnlyDir(path.join(dir, 'letters'));
    const copy = path.join(dir, 'letters', `${letter.on}-${path.basename(letter.file)}`);
    writeOwnerOnlyFile(copy, readFileSync(letter.file));
    // SCENARIOS.md: a letter's `file` is its PDF under --out.
    letter.file = copy;
  }
  for (const file of bankFiles) {
    // They hold parents' names and IBANs, as the SEPA files do: owner-only.
    makeOwnerOnlyDir(path.join(dir, 'bank'));
    writeOwnerOnlyFile(path.join(dir, 'bank', path.basename(file.name)), file.xml);
  }
  writeOwnerOnlyFile(path.join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
}

/** The moment an e-mail was sent: the local SES's own record of it, else the mailer's header. */
function sentAt(email: StoredEmail & { header: (name: string) => string }): Date | undefined {
  if (typeof email.at === 'number') return new Date(email.at * 1000);
  const header = new Date(email.header('X-Opvang-Sent-At'));
  return Number.isNaN(header.getTime()) ? undefined : header;
}
