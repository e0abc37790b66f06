import { apiGet } from './api.ts';
import { h } from './dom.ts';
import { formatMonth, t } from './i18n.ts';
import { nextMonth } from './invoice-runs-page.ts';
import { pagedTable } from './paged-table.ts';
import { hashOf, type PageContext } from './router.ts';
import { date, field, form, heading, money, select, statusText } from './ui.ts';

/** Finance: the invoices of a month with their status, a page at a time (GET /invoices?month=&after=). */
interface InvoiceRow {
  number: string;
  parent: string;
  parentName: string;
  month: string;
  total: number;
  paid?: number;
  debitOn?: string;
  status: string;
  disputed?: boolean;
}

const STATUSES = ['open', 'paid', 'in-dunning', 'plan', 'handed-over', 'written-off', 'void'] as const;

export function invoicesPage(ctx: PageContext): Node {
  const month = ctx.query.get('month') ?? nextMonth();
  const status = (STATUSES as readonly string[]).includes(ctx.query.get('status') ?? '')
    ? (ctx.query.get('status') as string)
    : '';
  return h(
    'div',
    {},
    heading(t('page.invoices')),
    form(
      { label: t('invoices.pick'), class: 'inline' },
      [
        field(t('runs.month'), { name: 'month', type: 'month', value: month, required: true }),
        select(t('col.status'), {
          name: 'status',
          value: status,
          choices: [
            ['', t('complaints.allStatuses')],
            ...STATUSES.map((s): [string, string] => [s, statusText(s)]),
          ],
        }),
        h('button', { type: 'submit', class: 'primary' }, t('runs.show')),
      ],
      async (values) => ctx.go(hashOf('/invoices', { month: values.month, status: values.status })),
    ),
    pagedTable<InvoiceRow>({
      caption: t('invoices.caption', { month: formatMonth(month) }),
      columns: [
        { header: t('col.invoice'), cell: (i) => i.number },
        {
          header: t('col.parent'),
          cell: (i) =>
            h('a', { href: `#/parents/${encodeURIComponent(i.parent)}` }, i.parentName || i.parent),
        },
        { header: t('col.debitOn'), cell: (i) => date(i.debitOn) },
        { header: t('col.total'), cell: (i) => money(i.total), numeric: true },
        { header: t('col.paid'), cell: (i) => money(i.paid), numeric: true },
        {
          header: t('col.status'),
          cell: (i) => [statusText(i.status), i.disputed ? ` (${t('invoices.disputed')})` : ''],
        },
      ],
      load: async (after) => {
        const answer = await apiGet<{ invoices: InvoiceRow[]; next?: string }>(
          `/invoices?${new URLSearchParams({ month, ...(status ? { status } : {}), ...(after ? { after } : {}) })}`,
        );
        return { rows: answer.invoices, ...(answer.next ? { next: answer.next } : {}) };
      },
    }),
  );
}
