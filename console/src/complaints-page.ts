import { apiFile, apiGet, apiPost } from './api.ts';
import { append, h, replace } from './dom.ts';
import { t } from './i18n.ts';
import { todayIso } from './letters-page.ts';
import { pagedTable, pagesOf } from './paged-table.ts';
import { hashOf, type PageContext } from './router.ts';
import {
  checkbox,
  date,
  errorBox,
  facts,
  field,
  form,
  heading,
  notice,
  section,
  select,
  statusText,
  table,
  textArea,
  wideTable,
} from './ui.ts';

/**
 * Complaints (issue 11): the list with each complaint's deadlines (KLA-4 answer by, KLA-5 next steps,
 * KLA-7 escalation), filtered by status or overdue; a complaint with what the parent wrote, its events and
 * the answer form (KLA-4: an answer with its reasons, measures with a term); the external stages (KLA-8),
 * recorded by management; the escalated ones (KLA-7); the annual report (KLA-9). The API shows each role
 * only the complaints it may see: a location manager those of their location.
 */
interface Complaint {
  id: string;
  submittedOn: string;
  submittedBy: 'parent' | 'parents-committee';
  complainant: { name: string; email: string; phone?: string };
  committee?: { name: string };
  child?: { name: string };
  location: string;
  category: string;
  text: string;
  desiredOutcome?: string;
  invoice?: string;
  routedTo: string;
  deadlines: { nextStepsOn: string; answerBy: string; escalationOn: string; externalBy: string };
  status: string;
  acknowledgedOn?: string;
  nextStepsSentOn?: string;
  escalatedOn?: string;
  answer?: { answer: string; reasons: string; measures?: string; measuresBy?: string; on: string };
  answerSentOn?: string;
  stages?: { stage: string; on: string; note?: string; orders?: { what: string; by?: string }[] }[];
  events: { on: string; what: string }[];
}

const STATUSES = ['received', 'in-progress', 'answered', 'escalated', 'external', 'closed'] as const;
/** KLA-8: the external stages, in the order a complaint can go through them. */
const STAGES = ['klachtenloket', 'mediation', 'dispute-filed', 'binding-advice', 'closed'] as const;

/** KLA-4, KLA-7: without an answer on or after its answer date, as the API's `overdue=true` reads it. */
function isOverdue(c: Complaint, today = todayIso()): boolean {
  return !c.answer && c.status !== 'closed' && c.deadlines.answerBy <= today;
}

function complaintsTable(caption: string, complaints: Complaint[]): Node {
  return pagedTable<Complaint>({
    caption,
    columns: [
      {
        header: t('col.complaint'),
        cell: (c) =>
          h(
            'a',
            { href: `#/complaints/${encodeURIComponent(c.id)}` },
            t('complaints.linkText', { name: c.complainant.name, date: date(c.submittedOn) }),
          ),
      },
      { header: t('col.location'), cell: (c) => c.location },
      { header: t('col.category'), cell: (c) => statusText(c.category) },
      {
        header: t('col.status'),
        cell: (c) => [
          statusText(c.status),
          isOverdue(c) ? h('strong', { class: 'overdue' }, ` ${t('complaints.overdue')}`) : null,
        ],
      },
      { header: t('deadline.answerBy'), cell: (c) => date(c.deadlines.answerBy) },
      { header: t('deadline.nextSteps'), cell: (c) => date(c.deadlines.nextStepsOn) },
      { header: t('deadline.escalation'), cell: (c) => date(c.deadlines.escalationOn) },
    ],
    load: pagesOf(complaints, 25),
  });
}

export async function complaintsPage(ctx: PageContext): Promise<Node> {
  const status = ctx.query.get('status') ?? '';
  const overdue = ctx.query.get('overdue') === 'true';
  const page = h(
    'div',
    {},
    heading(t('page.complaints')),
    ctx.user.location ? h('p', {}, t('complaints.ofLocation', { location: ctx.user.location })) : null,
    form(
      { label: t('complaints.filter'), class: 'inline' },
      [
        select(t('col.status'), {
          name: 'status',
          value: status,
          choices: [
            ['', t('complaints.allStatuses')],
            ...STATUSES.map((s): [string, string] => [s, statusText(s)]),
          ],
        }),
        checkbox(t('complaints.onlyOverdue'), { name: 'overdue', checked: overdue }),
        h('button', { type: 'submit' }, t('runs.show')),
      ],
      async (values) =>
        ctx.go(
          hashOf('/complaints', { status: values.status, overdue: values.overdue ? 'true' : undefined }),
        ),
    ),
  );
  const query = new URLSearchParams({
    ...(status ? { status } : {}),
    ...(overdue ? { overdue: 'true' } : {}),
  });
  try {
    const { complaints } = await apiGet<{ complaints: Complaint[] }>(`/complaints?${query}`);
    const caption = overdue
      ? t('complaints.captionOverdue', { count: complaints.length })
      : t('complaints.caption', { count: complaints.length });
    page.append(complaintsTable(caption, complaints));
  } catch (error) {
    page.append(errorBox(error));
  }
  return page;
}

export async function escalatedPage(): Promise<Node> {
  const page = h('div', {}, heading(t('page.escalated')), h('p', {}, t('escalated.intro')));
  try {
    const { complaints } = await apiGet<{ complaints: Complaint[] }>('/complaints?status=escalated');
    page.append(complaintsTable(t('escalated.caption', { count: complaints.length }), complaints));
  } catch (error) {
    page.append(errorBox(error));
  }
  return page;
}

export async function complaintPage(ctx: PageContext): Promise<Node> {
  const id = ctx.params.id ?? '';
  const page = h('div', {}, heading(t('complaint.title', { id })));
  let c: Complaint;
  try {
    c = (await apiGet<{ complaint: Complaint }>(`/complaints/${encodeURIComponent(id)}`)).complaint;
  } catch (error) {
    page.append(errorBox(error), h('p', {}, h('a', { href: '#/complaints' }, t('complaint.back'))));
    return page;
  }
  if (ctx.query.get('saved') === 'answer') page.append(notice(t('complaint.answerSaved')));
  if (ctx.query.get('saved') === 'stage') page.append(notice(t('complaint.stageSaved')));
  const path = `/complaints/${encodeURIComponent(id)}`;
  append(page, [
    facts([
      [
        t('col.status'),
        [
          statusText(c.status),
          isOverdue(c) ? h('strong', { class: 'overdue' }, ` ${t('complaints.overdue')}`) : null,
        ],
      ],
      [t('complaint.submittedOn'), date(c.submittedOn)],
      [
        t('complaint.by'),
        c.submittedBy === 'parents-committee'
          ? t('complaint.byCommittee', { committee: c.committee?.name ?? '', name: c.complainant.name })
          : c.complainant.name,
      ],
      [t('complaint.contact'), [c.complainant.email, c.complainant.phone ? `, ${c.complainant.phone}` : '']],
      [t('col.child'), c.child?.name ?? '—'],
      [t('col.location'), c.location],
      [t('col.category'), statusText(c.category)],
      [t('col.invoice'), c.invoice ?? '—'],
    ]),
    section(
      t('complaint.deadlines'),
      facts([
        [t('deadline.answerBy'), h('strong', {}, date(c.deadlines.answerBy))],
        [
          t('deadline.nextSteps'),
          [
            date(c.deadlines.nextStepsOn),
            c.nextStepsSentOn
              ? h('span', { class: 'aside' }, t('complaint.sentOn', { date: date(c.nextStepsSentOn) }))
              : null,
          ],
        ],
        [
          t('deadline.escalation'),
          [
            date(c.deadlines.escalationOn),
            c.escalatedOn
              ? h('span', { class: 'aside' }, t('complaint.escalatedOn', { date: date(c.escalatedOn) }))
              : null,
          ],
        ],
        [t('deadline.external'), date(c.deadlines.externalBy)],
      ]),
    ),
    section(
      t('complaint.text'),
      h('blockquote', { class: 'parent-text' }, c.text),
      c.desiredOutcome
        ? [h('h3', {}, t('complaint.desired')), h('blockquote', { class: 'parent-text' }, c.desiredOutcome)]
        : null,
    ),
    c.answer
      ? section(
          t('complaint.answer'),
          facts([
            [t('complaint.answeredOn'), date(c.answer.on)],
            [t('complaint.answerSentOn'), date(c.answerSentOn)],
          ]),
          h('h3', {}, t('complaint.answerText')),
          h('p', { class: 'parent-text' }, c.answer.answer),
          h('h3', {}, t('complaint.reasons')),
          h('p', { class: 'parent-text' }, c.answer.reasons),
          c.answer.measures
            ? [
                h('h3', {}, t('complaint.measures')),
                h(
                  'p',
                  { class: 'parent-text' },
                  `${c.answer.measures} (${t('complaint.measuresBy')}: ${date(c.answer.measuresBy)})`,
                ),
              ]
            : null,
        )
      : c.status === 'closed'
        ? null
        : section(t('complaint.answerTitle'), answerForm(ctx, path)),
    section(
      t('complaint.stages'),
      table(
        t('complaint.stages'),
        [
          { header: t('col.date'), cell: (s) => date(s.on) },
          { header: t('complaint.stage'), cell: (s) => statusText(s.stage) },
          { header: t('col.note'), cell: (s) => s.note ?? '—' },
          {
            header: t('complaint.orders'),
            cell: (s) =>
              (s.orders ?? []).map((o) => `${o.what}${o.by ? ` (${date(o.by)})` : ''}`).join('; ') || '—',
          },
        ],
        c.stages ?? [],
      ),
      ctx.user.role !== 'finance' && c.status !== 'closed' ? stageForm(ctx, path) : null,
    ),
    section(
      t('complaint.events'),
      h(
        'ol',
        { class: 'events' },
        c.events.map((e) => h('li', {}, h('span', { class: 'when' }, date(e.on)), ' ', e.what)),
      ),
    ),
  ]);
  return page;
}

function answerForm(ctx: PageContext, path: string): Node {
  return form(
    { label: t('complaint.answerForm') },
    [
      textArea(t('complaint.answerText'), { name: 'answer', required: true, rows: 5 }),
      textArea(t('complaint.reasons'), { name: 'reasons', required: true, hint: t('complaint.reasonsHint') }),
      textArea(t('complaint.measures'), { name: 'measures', hint: t('complaint.measuresHint') }),
      field(t('complaint.measuresBy'), { name: 'measuresBy', type: 'date' }),
      h('button', { type: 'submit', class: 'primary' }, t('complaint.sendAnswer')),
    ],
    async (values) => {
      if (!values.answer || !values.reasons) throw t('complaint.answerRequired');
      await apiPost(`${path}/answer`, {
        answer: values.answer,
        reasons: values.reasons,
        ...(values.measures ? { measures: values.measures } : {}),
        ...(values.measuresBy ? { measuresBy: values.measuresBy } : {}),
      });
      ctx.go(`#${path}?saved=answer`);
    },
  );
}

function stageForm(ctx: PageContext, path: string): Node {
  return form(
    { label: t('complaint.stageForm') },
    [
      select(t('complaint.stage'), { name: 'stage', choices: STAGES.map((s) => [s, statusText(s)]) }),
      field(t('col.date'), { name: 'on', type: 'date', required: true, value: todayIso() }),
      textArea(t('col.note'), { name: 'note', rows: 2 }),
      field(t('complaint.order'), { name: 'order', hint: t('complaint.orderHint') }),
      field(t('complaint.orderBy'), { name: 'orderBy', type: 'date' }),
      h('button', { type: 'submit', class: 'primary' }, t('complaint.recordStage')),
    ],
    async (values) => {
      await apiPost(`${path}/stages`, {
        stage: values.stage,
        on: values.on,
        ...(values.note ? { note: values.note } : {}),
        ...(values.order
          ? { orders: [{ what: values.order, ...(values.orderBy ? { by: values.orderBy } : {}) }] }
          : {}),
      });
      ctx.go(`#${path}?saved=stage`);
    },
  );
}

/** KLA-9: the annual complaints report per location, shown here; CSV and PDF (Dutch, for the GGD) to download. */
interface LocationCounts {
  location: string;
  lrk?: string;
  reportRequired: boolean;
  complaints: number;
  nature: { care: number; money: number; other: number; byParent: number; byParentsCommittee: number };
  outcomes: Record<string, number>;
}

export function reportPage(ctx: PageContext): Node {
  const year = ctx.query.get('year') ?? String(new Date().getFullYear() - 1);
  const result = h('div', { class: 'result' });
  const downloads = h('p', { class: 'actions' });
  const download = async (format: 'csv' | 'pdf') => {
    try {
      const file = await apiFile(`/complaints/report?${new URLSearchParams({ year, format })}`);
      const url = URL.createObjectURL(file.blob);
      const a = h('a', { href: url, download: file.filename ?? `jaarverslag-klachten-${year}.${format}` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      result.prepend(errorBox(error));
    }
  };
  downloads.append(
    h('button', { type: 'button', onclick: () => void download('pdf') }, t('report.pdf')),
    h('button', { type: 'button', onclick: () => void download('csv') }, t('report.csv')),
  );
  void (async () => {
    try {
      const { report } = await apiGet<{
        report: {
          year: number;
          madeOn: string;
          dueToGgdBefore: string;
          reportRequired: boolean;
          locations: LocationCounts[];
          totals: Omit<LocationCounts, 'location' | 'reportRequired'>;
        };
      }>(`/complaints/report?${new URLSearchParams({ year, format: 'json' })}`);
      const rows: LocationCounts[] = [
        ...report.locations,
        { ...report.totals, location: t('report.total'), reportRequired: report.reportRequired },
      ];
      replace(
        result,
        facts([
          [t('report.madeOn'), date(report.madeOn)],
          [t('report.dueBefore'), date(report.dueToGgdBefore)],
          [t('report.required'), report.reportRequired ? t('yes') : t('no')],
        ]),
        wideTable(
          t('report.caption', { year: report.year }),
          [
            { header: t('col.location'), cell: (l) => l.location },
            { header: t('report.complaints'), cell: (l) => String(l.complaints), numeric: true },
            { header: t('report.care'), cell: (l) => String(l.nature.care), numeric: true },
            { header: t('report.money'), cell: (l) => String(l.nature.money), numeric: true },
            { header: t('report.other'), cell: (l) => String(l.nature.other), numeric: true },
            {
              header: t('report.inTime'),
              cell: (l) => String(l.outcomes.answeredWithinSixWeeks ?? 0),
              numeric: true,
            },
            { header: t('report.late'), cell: (l) => String(l.outcomes.answeredLate ?? 0), numeric: true },
            {
              header: t('report.notAnswered'),
              cell: (l) => String(l.outcomes.notAnswered ?? 0),
              numeric: true,
            },
            { header: t('report.escalated'), cell: (l) => String(l.outcomes.escalated ?? 0), numeric: true },
            {
              header: t('report.disputes'),
              cell: (l) => String(l.outcomes.disputeFiled ?? 0),
              numeric: true,
            },
          ],
          rows,
        ),
      );
    } catch (error) {
      replace(result, errorBox(error));
    }
  })();
  return h(
    'div',
    {},
    heading(t('page.report')),
    form(
      { label: t('report.pick'), class: 'inline' },
      [
        field(t('report.year'), {
          name: 'year',
          type: 'number',
          value: year,
          min: '2000',
          max: '2100',
          required: true,
        }),
        h('button', { type: 'submit', class: 'primary' }, t('runs.show')),
      ],
      async (values) => ctx.go(hashOf('/report', { year: values.year })),
    ),
    downloads,
    result,
  );
}
