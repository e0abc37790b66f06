import { apiGet, apiPost } from './api.ts';
import { append, h, replace } from './dom.ts';
import { productLabel, t, weekdayLabel } from './i18n.ts';
import { pagedTable } from './paged-table.ts';
import { hashOf, type PageContext } from './router.ts';
import { date, errorBox, facts, field, form, heading, notice, section, statusText, table } from './ui.ts';

/**
 * Location managers: the contracts of their location, a page at a time (GET /contracts?location=&after=),
 * and a contract (GET /contracts/{id}) with its changes (CON-4), swap days (CON-9) and extra care
 * (TAR-2), each requested with its own form. A location manager's location is their token's; other roles
 * choose one.
 */
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

interface ContractRow {
  id: string;
  parent: string;
  childName: string;
  location: string;
  product: string;
  status: string;
  start: string;
  end: string;
}

interface Contract {
  id: string;
  parentId: string;
  child: { name: string; birthDate: string };
  location: string;
  product: string;
  weeks?: number;
  schedule?: Partial<Record<(typeof WEEKDAYS)[number], string>>;
  hoursPerMonth?: number;
  start: string;
  end: string;
  status: string;
  signedOn: string;
  trialMonths?: number;
  changes?: {
    requestedOn: string;
    effective: string;
    weeks?: number;
    schedule?: Contract['schedule'];
    hoursPerMonth?: number;
  }[];
  swapDays?: { missed: string; swap: string; requestedOn: string }[];
  terminatedOn?: string;
  cancelledOn?: string;
  suspension?: { since: string };
}

export function contractsPage(ctx: PageContext): Node {
  const own = ctx.user.role === 'location-manager' ? ctx.user.location : undefined;
  const location = own ?? ctx.query.get('location') ?? '';
  const page = h('div', {}, heading(t('page.contracts')));
  if (own) page.append(h('p', {}, t('contracts.ofLocation', { location: own })));
  else
    page.append(
      form(
        { label: t('contracts.pickLocation'), class: 'inline' },
        [
          field(t('col.location'), { name: 'location', value: location, hint: t('contracts.locationHint') }),
          h('button', { type: 'submit', class: 'primary' }, t('runs.show')),
        ],
        async (values) => ctx.go(hashOf('/contracts', { location: values.location })),
      ),
    );
  page.append(
    form(
      { label: t('contracts.open'), class: 'inline' },
      [
        field(t('contracts.id'), { name: 'id', required: true }),
        h('button', { type: 'submit' }, t('contracts.openButton')),
      ],
      async (values) => ctx.go(`#/contracts/${encodeURIComponent(values.id ?? '')}`),
    ),
    pagedTable<ContractRow>({
      caption: location ? t('contracts.caption', { location }) : t('contracts.captionAll'),
      columns: [
        {
          header: t('col.contract'),
          cell: (c) => h('a', { href: `#/contracts/${encodeURIComponent(c.id)}` }, c.id),
        },
        { header: t('col.child'), cell: (c) => c.childName },
        { header: t('col.product'), cell: (c) => productLabel(c.product) },
        { header: t('col.status'), cell: (c) => statusText(c.status) },
        { header: t('col.start'), cell: (c) => date(c.start) },
        { header: t('col.end'), cell: (c) => date(c.end) },
      ],
      load: async (after) => {
        const answer = await apiGet<{ contracts: ContractRow[]; next?: string }>(
          `/contracts?${new URLSearchParams({ ...(location ? { location } : {}), ...(after ? { after } : {}) })}`,
        );
        return { rows: answer.contracts, ...(answer.next ? { next: answer.next } : {}) };
      },
    }),
  );
  return page;
}

function scheduleText(schedule: Contract['schedule']): string {
  if (!schedule) return '—';
  return WEEKDAYS.filter((d) => schedule[d])
    .map((d) => `${weekdayLabel(d)} ${schedule[d]}`)
    .join(', ');
}

export async function contractPage(ctx: PageContext): Promise<Node> {
  const id = ctx.params.id ?? '';
  const page = h('div', {}, heading(t('contract.title', { id })));
  let contract: Contract;
  try {
    contract = (await apiGet<{ contract: Contract }>(`/contracts/${encodeURIComponent(id)}`)).contract;
  } catch (error) {
    page.append(errorBox(error));
    return page;
  }
  const path = `/contracts/${encodeURIComponent(id)}`;
  const saved = ctx.query.get('saved');
  if (saved === 'change' || saved === 'swap')
    page.append(notice(saved === 'change' ? t('contract.changeSaved') : t('contract.swapSaved')));
  append(page, [
    facts([
      [t('col.child'), `${contract.child.name} (${date(contract.child.birthDate)})`],
      [t('col.location'), contract.location],
      [t('col.product'), productLabel(contract.product)],
      [t('col.status'), statusText(contract.status)],
      [t('col.start'), date(contract.start)],
      [t('col.end'), date(contract.end)],
      [t('contract.schedule'), scheduleText(contract.schedule)],
      [t('contract.weeks'), contract.weeks ? String(contract.weeks) : '—'],
      [t('contract.hoursPerMonth'), contract.hoursPerMonth ? String(contract.hoursPerMonth) : '—'],
      [t('contract.parent'), contract.parentId],
    ]),
    section(
      t('contract.changes'),
      table(
        t('contract.changes'),
        [
          { header: t('contract.effective'), cell: (c) => date(c.effective) },
          { header: t('contract.requestedOn'), cell: (c) => date(c.requestedOn) },
          { header: t('contract.schedule'), cell: (c) => scheduleText(c.schedule) },
          { header: t('contract.weeks'), cell: (c) => (c.weeks ? String(c.weeks) : '—') },
          {
            header: t('contract.hoursPerMonth'),
            cell: (c) => (c.hoursPerMonth ? String(c.hoursPerMonth) : '—'),
          },
        ],
        contract.changes ?? [],
      ),
      ctx.user.role === 'location-manager' ? changeForm(ctx, path) : null,
    ),
    section(
      t('contract.swapDays'),
      table(
        t('contract.swapDays'),
        [
          { header: t('contract.missed'), cell: (s) => date(s.missed) },
          { header: t('contract.swap'), cell: (s) => date(s.swap) },
          { header: t('contract.requestedOn'), cell: (s) => date(s.requestedOn) },
        ],
        contract.swapDays ?? [],
      ),
      ctx.user.role === 'location-manager' ? swapForm(ctx, path) : null,
    ),
    ctx.user.role === 'location-manager' ? section(t('contract.extraCare'), extraCareForm(path)) : null,
  ]);
  return page;
}

function changeForm(ctx: PageContext, path: string): Node {
  return form(
    { label: t('contract.changeForm') },
    [
      field(t('contract.effective'), { name: 'effective', type: 'date', hint: t('contract.effectiveHint') }),
      h(
        'fieldset',
        { class: 'inline' },
        h('legend', {}, t('contract.newSchedule')),
        WEEKDAYS.map((d) =>
          field(weekdayLabel(d), {
            name: d,
            placeholder: '08:00-18:00',
            pattern: '[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}',
          }),
        ),
      ),
      field(t('contract.weeks'), { name: 'weeks', type: 'number', min: '1', max: '52' }),
      field(t('contract.hoursPerMonth'), { name: 'hoursPerMonth', type: 'number', min: '0.5', step: '0.5' }),
      h('button', { type: 'submit', class: 'primary' }, t('contract.requestChange')),
    ],
    async (values) => {
      const schedule = Object.fromEntries(WEEKDAYS.filter((d) => values[d]).map((d) => [d, values[d]]));
      await apiPost(`${path}/changes`, {
        ...(values.effective ? { effective: values.effective } : {}),
        ...(Object.keys(schedule).length ? { schedule } : {}),
        ...(values.weeks ? { weeks: Number(values.weeks) } : {}),
        ...(values.hoursPerMonth ? { hoursPerMonth: Number(values.hoursPerMonth) } : {}),
      });
      ctx.go(`#${path}?saved=change`);
    },
  );
}

function swapForm(ctx: PageContext, path: string): Node {
  return form(
    { label: t('contract.swapForm') },
    [
      field(t('contract.missed'), { name: 'missed', type: 'date', required: true }),
      field(t('contract.swap'), { name: 'swap', type: 'date', required: true }),
      h('button', { type: 'submit', class: 'primary' }, t('contract.requestSwap')),
    ],
    async (values) => {
      await apiPost(`${path}/swap-days`, { missed: values.missed, swap: values.swap });
      ctx.go(`#${path}?saved=swap`);
    },
  );
}

function extraCareForm(path: string): Node {
  const result = h('div', {});
  return h(
    'div',
    {},
    form(
      { label: t('contract.extraCareForm') },
      [
        field(t('col.date'), { name: 'date', type: 'date', required: true }),
        field(t('contract.hours'), {
          name: 'hours',
          type: 'number',
          min: '0.5',
          max: '13',
          step: '0.5',
          required: true,
        }),
        h('button', { type: 'submit', class: 'primary' }, t('contract.requestExtraCare')),
      ],
      async (values) => {
        const answer = await apiPost<{ extra: { date: string; hours: number } }>(`${path}/extra-care`, {
          date: values.date,
          hours: Number(values.hours),
        });
        replace(
          result,
          notice(t('contract.extraCareDone', { date: date(answer.extra.date), hours: answer.extra.hours })),
        );
      },
    ),
    result,
  );
}
