import { ApiError, apiFile, apiGet, apiPost, segment } from './api.ts';
import { h, replace } from './dom.ts';
import { formatDateTime, formatMonth, t } from './i18n.ts';
import type { PageContext } from './router.ts';
import {
  button,
  date,
  errorBox,
  facts,
  field,
  form,
  heading,
  liveRegion,
  money,
  notice,
  section,
  statusText,
  table,
} from './ui.ts';

/**
 * Finance: a month's invoice run (INV-5). The preview (GET /invoice-runs/{month}/preview) is what the run
 * would issue today, computed by the function the run issues by; starting (POST /invoice-runs) is refused
 * before the month's run date; while it runs its progress is read every 2 seconds, and when it is done its
 * summary: invoices issued and their total, who was skipped and why, late invoices, the SEPA batches with
 * who was left out of each (INV-6), and everything that failed.
 */
interface Skipped {
  parent: string;
  reason: string;
}

interface RunAnswer {
  run: {
    month: string;
    status: 'running' | 'succeeded' | 'failed';
    attempt: number;
    startedAt: string;
    attemptStartedAt?: string;
    finishedAt?: string;
    failure?: { reason: string; attempt: number; at: string };
    summary?: {
      contracts: number;
      invoices: number;
      total: number;
      skipped: Skipped[];
      skippedCount?: number;
      skippedByReason?: Record<string, number>;
      late: { parent: string; number: string; issuedOn: string; debitOn: string; total: number }[];
      sepa: { collection: string; transactions: number; total: number; file: string; excluded: Skipped[] }[];
    };
  };
  failures: { what: string; subject: string; parent?: string; error: string }[];
  progress: { contracts: number; contractsDone: number; invoices: number };
}

const POLL_MS = 2000;

/** The month after today's: the one finance runs in the last days of a month (INV-5). */
export function nextMonth(today = new Date()): string {
  const d = new Date(Date.UTC(today.getFullYear(), today.getMonth() + 1, 1));
  return d.toISOString().slice(0, 7);
}

export function invoiceRunsPage(ctx: PageContext): Node {
  const month = ctx.params.month ?? nextMonth();
  const picker = form(
    { label: t('runs.pick'), class: 'inline' },
    [
      field(t('runs.month'), {
        name: 'month',
        type: 'month',
        value: month,
        required: true,
        pattern: '[0-9]{4}-[0-9]{2}',
      }),
      h('button', { type: 'submit', class: 'primary' }, t('runs.show')),
    ],
    async ({ month: picked }) => {
      if (picked) ctx.go(`#/runs/${picked}`);
    },
  );
  const content = h('div', {});
  replace(content, monthPanel(ctx, month));
  return h('div', {}, heading(t('page.runs')), picker, content);
}

function monthPanel(ctx: PageContext, month: string): Node {
  const previewArea = h('div', {});
  const runArea = h('div', { 'aria-live': 'off' });
  const progressNote = liveRegion();
  // Read out as the run moves on; the page shows the same in its progress bar and status.
  progressNote.classList.add('visually-hidden');
  const previewButton = button(t('runs.preview'), {
    onclick: async () => {
      previewButton.disabled = true;
      replace(previewArea, h('p', { class: 'loading' }, t('loading')));
      try {
        replace(previewArea, previewView(await apiGet(`/invoice-runs/${month}/preview`)));
      } catch (error) {
        replace(previewArea, errorBox(error));
      } finally {
        previewButton.disabled = false;
      }
    },
  });

  async function refresh(): Promise<void> {
    let answer: RunAnswer | undefined;
    try {
      answer = await apiGet<RunAnswer>(`/invoice-runs/${month}`);
    } catch (error) {
      if (error instanceof ApiError && error.problem === 'not-found') {
        replace(runArea, h('p', {}, t('runs.notRun', { month: formatMonth(month) })), startButton());
        return;
      }
      replace(runArea, errorBox(error));
      return;
    }
    if (!ctx.alive()) return;
    replace(runArea, runView(answer, startButton));
    if (answer.run.status === 'running') {
      replace(
        progressNote,
        t('runs.progress', { done: answer.progress.contractsDone, of: answer.progress.contracts }),
      );
      setTimeout(() => {
        if (ctx.alive()) void refresh();
      }, POLL_MS);
    } else replace(progressNote, statusText(answer.run.status));
  }

  function startButton(): HTMLElement {
    const alert = h('div', {});
    const start = button(t('runs.start', { month: formatMonth(month) }), {
      class: 'primary',
      onclick: async () => {
        start.disabled = true;
        replace(alert);
        try {
          const answer = await apiPost<{ started: boolean }>('/invoice-runs', { month });
          replace(alert, notice(answer.started ? t('runs.started') : t('runs.notStarted')));
          await refresh();
        } catch (error) {
          if (error instanceof ApiError && typeof error.body?.firstRunDate === 'string')
            replace(alert, errorBox(t('runs.tooEarly', { date: date(error.body.firstRunDate) })));
          else replace(alert, errorBox(error));
        } finally {
          start.disabled = false;
        }
      },
    });
    return h('div', { class: 'actions' }, start, alert);
  }

  void refresh();
  return h(
    'div',
    {},
    section(t('runs.runTitle', { month: formatMonth(month) }), progressNote, runArea),
    section(
      t('runs.previewTitle', { month: formatMonth(month) }),
      h('p', {}, t('runs.previewHelp')),
      previewButton,
      previewArea,
    ),
  );
}

function previewView(preview: {
  contracts: number;
  invoices: number;
  total: number;
  debitOn: string;
  alreadyIssued: number;
  skipped: Skipped[];
}): Node {
  return h(
    'div',
    { class: 'result' },
    facts([
      [t('runs.contracts'), String(preview.contracts)],
      [t('runs.invoicesToIssue'), String(preview.invoices)],
      [t('runs.total'), money(preview.total)],
      [t('runs.debitOn'), date(preview.debitOn)],
      [t('runs.alreadyIssued'), String(preview.alreadyIssued)],
    ]),
    skippedTable(t('runs.skippedPreview'), preview.skipped),
  );
}

function skippedTable(caption: string, rows: Skipped[]): Node {
  if (!rows.length) return h('p', {}, `${caption}: ${t('runs.nobody')}`);
  return table(
    caption,
    [
      {
        header: t('col.parent'),
        cell: (s) => h('a', { href: `#/parents/${encodeURIComponent(s.parent)}` }, s.parent),
      },
      { header: t('col.reason'), cell: (s) => s.reason },
    ],
    rows,
  );
}

function runView(answer: RunAnswer, startButton: () => HTMLElement): Node {
  const { run, progress, failures } = answer;
  const summary = run.summary;
  const parts: Node[] = [
    facts([
      [t('col.status'), h('strong', { class: `status status-${run.status}` }, statusText(run.status))],
      [t('runs.attempt'), String(run.attempt)],
      [t('runs.startedAt'), formatDateTime(run.attemptStartedAt ?? run.startedAt)],
      [t('runs.finishedAt'), run.finishedAt ? formatDateTime(run.finishedAt) : '—'],
    ]),
  ];
  if (run.status === 'running')
    parts.push(
      h(
        'div',
        { class: 'field' },
        h(
          'label',
          { for: 'run-progress' },
          t('runs.progress', { done: progress.contractsDone, of: progress.contracts }),
        ),
        h('progress', {
          id: 'run-progress',
          max: Math.max(progress.contracts, 1),
          value: progress.contractsDone,
        }),
        h('p', {}, t('runs.issuedSoFar', { count: progress.invoices })),
      ),
    );
  if (run.status === 'failed') {
    parts.push(
      h(
        'div',
        { class: 'alert error', role: 'alert' },
        h(
          'p',
          {},
          t('runs.failed', {
            reason: run.failure?.reason ?? '—',
            attempt: run.failure?.attempt ?? run.attempt,
          }),
        ),
      ),
      startButton(),
    );
  }
  if (summary) {
    parts.push(
      h('h3', {}, t('runs.summary')),
      facts([
        [t('runs.invoicesIssued'), h('span', { 'data-testid': 'invoices-issued' }, String(summary.invoices))],
        [t('runs.total'), h('span', { 'data-testid': 'run-total' }, money(summary.total))],
        [t('runs.contracts'), String(summary.contracts)],
        [t('runs.skippedCount'), String(summary.skippedCount ?? summary.skipped.length)],
      ]),
      h(
        'p',
        {},
        h(
          'a',
          { href: `#/invoices?month=${run.month}` },
          t('runs.seeInvoices', { month: formatMonth(run.month) }),
        ),
      ),
    );
    if (summary.skippedByReason)
      parts.push(
        table(
          t('runs.skippedByReason'),
          [
            { header: t('col.reason'), cell: ([reason]: [string, number]) => reason },
            { header: t('col.count'), cell: ([, n]: [string, number]) => String(n), numeric: true },
          ],
          Object.entries(summary.skippedByReason),
        ),
      );
    parts.push(skippedTable(t('runs.skipped'), summary.skipped));
    if (summary.late.length)
      parts.push(
        table(
          t('runs.late'),
          [
            { header: t('col.invoice'), cell: (l) => l.number },
            { header: t('col.parent'), cell: (l) => l.parent },
            { header: t('col.issuedOn'), cell: (l) => date(l.issuedOn) },
            { header: t('col.debitOn'), cell: (l) => date(l.debitOn) },
            { header: t('col.total'), cell: (l) => money(l.total), numeric: true },
          ],
          summary.late,
        ),
      );
    parts.push(
      table(
        t('runs.sepa'),
        [
          { header: t('col.collection'), cell: (b) => date(b.collection) },
          { header: t('col.transactions'), cell: (b) => String(b.transactions), numeric: true },
          { header: t('col.total'), cell: (b) => money(b.total), numeric: true },
          {
            header: t('col.file'),
            cell: (b) => (b.file ? sepaDownload(run.month, b.collection) : t('runs.noFile')),
          },
          {
            header: t('runs.excluded'),
            cell: (b) =>
              b.excluded.length
                ? h(
                    'ul',
                    { class: 'plain' },
                    b.excluded.map((x) => h('li', {}, `${x.parent}: ${x.reason}`)),
                  )
                : t('runs.noneExcluded'),
          },
        ],
        summary.sepa,
      ),
    );
  }
  parts.push(
    table(
      t('runs.failures'),
      [
        { header: t('col.what'), cell: (f) => f.what },
        { header: t('col.subject'), cell: (f) => f.subject },
        { header: t('col.parent'), cell: (f) => f.parent ?? '—' },
        { header: t('col.error'), cell: (f) => f.error },
      ],
      failures,
    ),
  );
  return h('div', { class: 'result' }, parts);
}

/** A SEPA batch file (pain.008) fetched with the session's token and handed over as a download. */
function sepaDownload(month: string, collection: string): Node {
  const cell = h('div', {});
  const fetchFile = button(t('runs.sepaDownload', { collection }), {
    onclick: async () => {
      fetchFile.disabled = true;
      try {
        const file = await apiFile(
          `/invoice-runs/${segment(month)}?${new URLSearchParams({ sepa: collection })}`,
        );
        const name = file.filename ?? `incasso-${month}-${collection}.xml`;
        const link = h(
          'a',
          { href: URL.createObjectURL(file.blob), download: name },
          t('runs.sepaSave', { name }),
        );
        replace(cell, link);
        link.focus();
      } catch (error) {
        fetchFile.disabled = false;
        cell.append(errorBox(error));
      }
    },
  });
  cell.append(fetchFile);
  return cell;
}
