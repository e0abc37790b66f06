import { apiGet, apiPost, apiUpload } from './api.ts';
import { h, replace, uniqueId } from './dom.ts';
import { t } from './i18n.ts';
import { pagedTable } from './paged-table.ts';
import { hashOf, type PageContext } from './router.ts';
import { checkbox, date, facts, form, heading, money, notice, select, statusText, table } from './ui.ts';

/**
 * Finance, issue 9 item 3: a bank file (camt.053 day statement, camt.054 notification, pain.002 status
 * report) uploaded as its bytes, unchanged (POST /bank-files, as `opvang bank-file import` sends it), and
 * what the import booked; the review list (GET /bank-entries?status=unmatched), where an entry nothing
 * matched is matched to the invoice it pays (POST /bank-entries/{id}/match).
 */
interface ImportSummary {
  file: string;
  format: string;
  statements: number;
  repeated: boolean;
  dryRun: boolean;
  read: { entries: number; transactions: number; credit: number; debit: number };
  stated: { entries?: number; sum?: number; reconciles: boolean; differences: string[] };
  outcome: Record<string, { transactions: number; amount: number }>;
  unmatched: { id: string; booked: string; amount: number; direction: string; note: string }[];
  mandatesGone: { parent: string; reason: string }[];
  notes: string[];
}

interface BankEntry {
  id: string;
  booked: string;
  amount: number;
  direction: 'credit' | 'debit';
  kind: string;
  reason: string | null;
  endToEndId: string | null;
  reference: string | null;
  counterparty: { name?: string | null; iban?: string | null };
  status: string;
  invoice?: string;
  note?: string;
}

export function bankFilesPage(): Node {
  const result = h('div', {});
  const fileInputId = uniqueId('bank-file');
  const upload = form(
    { label: t('bank.uploadForm') },
    [
      h(
        'div',
        { class: 'field' },
        h('label', { for: fileInputId }, t('bank.file')),
        h('span', { id: `${fileInputId}-hint`, class: 'hint' }, t('bank.fileHint')),
        h('input', {
          id: fileInputId,
          name: 'file',
          type: 'file',
          required: true,
          accept: '.xml,.sta,.940,.txt,.mt940,application/xml,text/xml,text/plain',
          'aria-describedby': `${fileInputId}-hint`,
        }),
      ),
      checkbox(t('bank.dryRun'), { name: 'dryRun' }),
      h('button', { type: 'submit', class: 'primary' }, t('bank.upload')),
    ],
    async (values, element) => {
      const input = element.querySelector('input[type=file]') as HTMLInputElement;
      const file = input.files?.[0];
      if (!file) throw t('bank.noFile');
      replace(result, h('p', { class: 'loading' }, t('bank.importing', { file: file.name })));
      const query = values.dryRun ? '?dryRun=true' : '';
      try {
        const summary = await apiUpload<ImportSummary>(`/bank-files${query}`, await file.arrayBuffer());
        replace(result, summaryView(file.name, summary));
        result.querySelector('h2')?.focus();
      } catch (error) {
        replace(result);
        throw error;
      }
    },
  );
  return h(
    'div',
    {},
    heading(t('page.bankFiles')),
    h('p', {}, t('bank.intro')),
    upload,
    result,
    h('p', {}, h('a', { href: '#/bank-entries' }, t('bank.toReview'))),
  );
}

function summaryView(name: string, s: ImportSummary): Node {
  const outcomes = ['booked', 'returned', 'unmatched', 'other', 'already-imported'] as const;
  return h(
    'section',
    { 'aria-labelledby': 'import-summary', class: 'result' },
    h('h2', { id: 'import-summary', tabindex: -1 }, t('bank.summary', { file: name })),
    s.repeated ? notice(t('bank.repeated')) : null,
    s.dryRun ? notice(t('bank.wasDryRun')) : null,
    facts([
      [t('bank.format'), s.format],
      [t('bank.statements'), String(s.statements)],
      [t('bank.entriesRead'), String(s.read.entries)],
      [t('bank.credit'), money(s.read.credit)],
      [t('bank.debit'), money(s.read.debit)],
      [
        t('bank.reconciles'),
        s.stated.reconciles ? t('yes') : h('strong', {}, `${t('no')}: ${s.stated.differences.join('; ')}`),
      ],
    ]),
    table(
      t('bank.outcomes'),
      [
        { header: t('col.outcome'), cell: (o: (typeof outcomes)[number]) => statusText(o) },
        {
          header: t('col.transactions'),
          cell: (o) => String(s.outcome[o]?.transactions ?? 0),
          numeric: true,
        },
        { header: t('col.amount'), cell: (o) => money(s.outcome[o]?.amount ?? 0), numeric: true },
      ],
      [...outcomes],
    ),
    s.unmatched.length
      ? table(
          t('bank.unmatched'),
          [
            { header: t('col.booked'), cell: (u) => date(u.booked) },
            { header: t('col.amount'), cell: (u) => signed(u.amount, u.direction), numeric: true },
            { header: t('col.note'), cell: (u) => u.note },
          ],
          s.unmatched,
        )
      : null,
    s.mandatesGone.length
      ? table(
          t('bank.mandatesGone'),
          [
            { header: t('col.parent'), cell: (m) => m.parent },
            { header: t('col.reason'), cell: (m) => m.reason },
          ],
          s.mandatesGone,
        )
      : null,
    s.notes.length
      ? h(
          'ul',
          {},
          s.notes.map((n) => h('li', {}, n)),
        )
      : null,
    s.unmatched.length ? h('p', {}, h('a', { href: '#/bank-entries' }, t('bank.toReview'))) : null,
  );
}

function signed(amount: number, direction: string): string {
  return `${direction === 'debit' ? '−' : '+'} ${money(amount)}`;
}

const STATUSES = ['unmatched', 'booked', 'returned', 'other'] as const;

export function bankEntriesPage(ctx: PageContext): Node {
  const status = (STATUSES as readonly string[]).includes(ctx.query.get('status') ?? '')
    ? (ctx.query.get('status') as string)
    : 'unmatched';
  return h(
    'div',
    {},
    heading(t('page.bankEntries')),
    h('p', {}, t('bank.reviewIntro')),
    form(
      { label: t('bank.filter'), class: 'inline' },
      [
        select(t('col.status'), {
          name: 'status',
          value: status,
          choices: STATUSES.map((s) => [s, statusText(s)]),
        }),
        h('button', { type: 'submit' }, t('runs.show')),
      ],
      async (values) => ctx.go(hashOf('/bank-entries', { status: values.status })),
    ),
    pagedTable<BankEntry>({
      caption: t('bank.entriesCaption', { status: statusText(status) }),
      columns: [
        { header: t('col.booked'), cell: (e) => date(e.booked) },
        { header: t('col.amount'), cell: (e) => signed(e.amount, e.direction), numeric: true },
        { header: t('col.kind'), cell: (e) => statusText(e.kind) },
        {
          header: t('col.counterparty'),
          cell: (e) => [
            e.counterparty.name ?? '—',
            e.counterparty.iban ? h('br', {}) : null,
            e.counterparty.iban ?? '',
          ],
        },
        { header: t('col.reference'), cell: (e) => e.reference ?? e.endToEndId ?? '—' },
        { header: t('col.note'), cell: (e) => e.note ?? '—' },
        {
          header: t('col.invoice'),
          cell: (e) => (e.status === 'unmatched' ? matchForm(e) : (e.invoice ?? '—')),
        },
      ],
      load: async (after) => {
        const answer = await apiGet<{ entries: BankEntry[]; next?: string }>(
          `/bank-entries?${new URLSearchParams({ status, ...(after ? { after } : {}) })}`,
        );
        return { rows: answer.entries, ...(answer.next ? { next: answer.next } : {}) };
      },
    }),
  );
}

/** The match of one entry of the review list to the invoice it pays. */
function matchForm(entry: BankEntry): Node {
  const cell = h('div', {});
  const id = uniqueId('match');
  const matcher = form(
    {
      label: t('bank.matchForm', { amount: money(entry.amount), date: date(entry.booked) }),
      class: 'inline compact',
    },
    [
      h(
        'label',
        { for: id, class: 'visually-hidden' },
        t('bank.matchLabel', { amount: money(entry.amount), date: date(entry.booked) }),
      ),
      h('input', {
        id,
        name: 'invoice',
        required: true,
        placeholder: '2027-000001',
        pattern: '[0-9]{4}-?[0-9]{6}',
        size: 12,
      }),
      h('button', { type: 'submit' }, t('bank.match')),
    ],
    async ({ invoice }) => {
      const number = /^[0-9]{10}$/.test(invoice ?? '')
        ? `${invoice?.slice(0, 4)}-${invoice?.slice(4)}`
        : invoice;
      const answer = await apiPost<{ entry: BankEntry }>(
        `/bank-entries/${encodeURIComponent(entry.id)}/match`,
        {
          invoice: number,
        },
      );
      replace(
        cell,
        notice(
          t('bank.matched', {
            invoice: answer.entry.invoice ?? String(number),
            status: statusText(answer.entry.status),
          }),
        ),
      );
    },
  );
  replace(cell, matcher);
  return cell;
}
