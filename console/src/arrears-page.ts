import { apiGet } from './api.ts';
import { h } from './dom.ts';
import { formatMonth, type MessageKey, t } from './i18n.ts';
import { pagedTable } from './paged-table.ts';
import { hashOf, type PageContext } from './router.ts';
import { date, errorBox, form, heading, select, statusText } from './ui.ts';

/**
 * Finance: the arrears (GET /dunning-cases), newest first, a page at a time: each case of an unpaid invoice
 * with its last step and its next step and their days (DUN-2..4), the hand-overs among them.
 */
interface CaseRow {
  invoice: string;
  parent: string;
  parentName: string;
  month: string;
  foundUnpaidOn: string;
  status: 'active' | 'cleared' | 'handed-over';
  lastStep?: { step: string; on: string };
  nextStep?: { step: string; on: string };
  closedOn?: string;
}

const STATUSES = ['active', 'cleared', 'handed-over'] as const;

function step(s: { step: string; on: string } | undefined): Node | string {
  if (!s) return '—';
  return h('span', {}, `${t(`arrears.step.${s.step}` as MessageKey)}, `, date(s.on));
}

export function arrearsPage(ctx: PageContext): Node {
  const status = (STATUSES as readonly string[]).includes(ctx.query.get('status') ?? '')
    ? (ctx.query.get('status') as string)
    : 'active';
  return h(
    'div',
    {},
    heading(t('page.arrears')),
    h('p', {}, t('arrears.intro')),
    form(
      { label: t('arrears.pick'), class: 'inline' },
      [
        select(t('col.status'), {
          name: 'status',
          value: status,
          choices: STATUSES.map((s): [string, string] => [s, t(`arrears.status.${s}` as MessageKey)]),
        }),
        h('button', { type: 'submit', class: 'primary' }, t('runs.show')),
      ],
      async (values) => ctx.go(hashOf('/arrears', { status: values.status })),
    ),
    pagedTable<CaseRow>({
      caption: t('arrears.caption', { status: t(`arrears.status.${status}` as MessageKey) }),
      columns: [
        { header: t('col.invoice'), cell: (c) => `${c.invoice} (${formatMonth(c.month)})` },
        {
          header: t('col.parent'),
          cell: (c) =>
            h('a', { href: `#/parents/${encodeURIComponent(c.parent)}` }, c.parentName || c.parent),
        },
        { header: t('arrears.foundUnpaid'), cell: (c) => date(c.foundUnpaidOn) },
        { header: t('arrears.last'), cell: (c) => step(c.lastStep) },
        {
          header: t('arrears.next'),
          cell: (c) =>
            c.status === 'active' ? step(c.nextStep) : [statusText(c.status), ', ', date(c.closedOn)],
        },
      ],
      load: async (after) => {
        const answer = await apiGet<{ cases: CaseRow[]; next?: string }>(
          `/dunning-cases?${new URLSearchParams({ status, ...(after ? { after } : {}) })}`,
        );
        return { rows: answer.cases, ...(answer.next ? { next: answer.next } : {}) };
      },
    }),
  );
}

/** Finance and management: the running policy checked against Dutch consumer law (GET /policy/check, DUN-12). */
export async function policyCheckPage(): Promise<Node> {
  const page = h('div', {}, heading(t('page.policyCheck')));
  try {
    const { policy, conflicts } = await apiGet<{
      policy: string;
      conflicts: { rule: string; problem: string }[];
    }>('/policy/check');
    page.append(
      h(
        'p',
        {},
        conflicts.length
          ? t('policy.conflicts', { policy, count: conflicts.length })
          : t('policy.none', { policy }),
      ),
      h(
        'ol',
        {},
        conflicts.map((c) => h('li', {}, h('strong', {}, c.rule), h('p', {}, c.problem))),
      ),
    );
  } catch (error) {
    page.append(errorBox(error));
  }
  return page;
}
