import { apiGet, apiPost } from './api.ts';
import { h } from './dom.ts';
import { productChoices, productLabel, t, weekdayLabel } from './i18n.ts';
import { pagedTable } from './paged-table.ts';
import type { PageContext } from './router.ts';
import { date, errorBox, facts, field, form, heading, notice, section, select, statusText } from './ui.ts';

/**
 * Location managers: an offer of care (CON-1) made with POST /offers, for a parent already known (their
 * id) or a new one (name and e-mail), and an offer read back (GET /offers/{id}) with the day it lapses
 * unless the parent accepts it before (CON-2). The API lists no offers yet: an offer is opened by its id.
 */
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

interface Offer {
  id: string;
  parentId: string;
  child: { name: string; birthDate: string };
  location: string;
  product: string;
  start: string;
  status: string;
  offeredOn: string;
  lapsesOn: string;
  acceptedOn?: string;
  contractId: string;
  schedule?: Partial<Record<(typeof WEEKDAYS)[number], string>>;
  weeks?: number;
  hoursPerMonth?: number;
}

export function offersPage(ctx: PageContext): Node {
  const own = ctx.user.role === 'location-manager' ? ctx.user.location : undefined;
  const create = form(
    { label: t('offers.createForm') },
    [
      h(
        'fieldset',
        {},
        h('legend', {}, t('offers.parent')),
        h('p', { class: 'hint' }, t('offers.parentHint')),
        field(t('offers.parentId'), { name: 'parentId' }),
        field(t('offers.parentName'), { name: 'parentName', autocomplete: 'off' }),
        field(t('offers.parentEmail'), { name: 'parentEmail', type: 'email' }),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, t('offers.child')),
        field(t('offers.childName'), { name: 'childName', required: true }),
        field(t('offers.birthDate'), { name: 'birthDate', type: 'date', required: true }),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, t('offers.care')),
        field(t('col.location'), {
          name: 'location',
          value: own ?? '',
          required: true,
          readonly: Boolean(own),
        }),
        select(t('col.product'), { name: 'product', choices: productChoices() }),
        field(t('col.start'), { name: 'start', type: 'date', required: true }),
        field(t('contract.weeks'), {
          name: 'weeks',
          type: 'number',
          min: '1',
          max: '52',
          hint: t('offers.weeksHint'),
        }),
        field(t('contract.hoursPerMonth'), {
          name: 'hoursPerMonth',
          type: 'number',
          min: '0.5',
          step: '0.5',
          hint: t('offers.hoursHint'),
        }),
        h(
          'fieldset',
          { class: 'inline' },
          h('legend', {}, t('contract.schedule')),
          WEEKDAYS.map((d) => field(weekdayLabel(d), { name: d, placeholder: '08:00-18:00' })),
        ),
      ),
      h('button', { type: 'submit', class: 'primary' }, t('offers.create')),
    ],
    async (values) => {
      const schedule = Object.fromEntries(WEEKDAYS.filter((d) => values[d]).map((d) => [d, values[d]]));
      const parent = values.parentId
        ? values.parentId
        : { name: values.parentName, email: values.parentEmail };
      const answer = await apiPost<{ offer: Offer }>('/offers', {
        parent,
        child: { name: values.childName, birthDate: values.birthDate },
        location: values.location,
        product: values.product,
        start: values.start,
        ...(Object.keys(schedule).length ? { schedule } : {}),
        ...(values.weeks ? { weeks: Number(values.weeks) } : {}),
        ...(values.hoursPerMonth ? { hoursPerMonth: Number(values.hoursPerMonth) } : {}),
      });
      ctx.go(`#/offers/${encodeURIComponent(answer.offer.id)}?created=1`);
    },
  );
  return h(
    'div',
    {},
    heading(t('page.offers')),
    section(t('offers.listTitle'), offersList()),
    section(t('offers.createTitle'), create),
    section(t('offers.openTitle'), openForm(ctx)),
  );
}

function openForm(ctx: PageContext): Node {
  return form(
    { label: t('offers.openForm'), class: 'inline' },
    [
      field(t('offers.id'), { name: 'id', required: true }),
      h('button', { type: 'submit' }, t('contracts.openButton')),
    ],
    async (values) => ctx.go(`#/offers/${encodeURIComponent(values.id ?? '')}`),
  );
}

export async function offerPage(ctx: PageContext): Promise<Node> {
  const id = ctx.params.id ?? '';
  const page = h('div', {}, heading(t('offer.title', { id })));
  if (ctx.query.get('created')) page.append(notice(t('offer.created')));
  try {
    const offer = (await apiGet<{ offer: Offer }>(`/offers/${encodeURIComponent(id)}`)).offer;
    page.append(
      facts([
        [t('col.status'), statusText(offer.status)],
        [t('offer.lapsesOn'), h('strong', {}, date(offer.lapsesOn))],
        [t('offer.offeredOn'), date(offer.offeredOn)],
        [t('col.child'), `${offer.child.name} (${date(offer.child.birthDate)})`],
        [t('col.location'), offer.location],
        [t('col.product'), productLabel(offer.product)],
        [t('col.start'), date(offer.start)],
        [t('contract.parent'), offer.parentId],
        [
          t('col.contract'),
          offer.status === 'accepted'
            ? h('a', { href: `#/contracts/${encodeURIComponent(offer.contractId)}` }, offer.contractId)
            : '—',
        ],
      ]),
    );
  } catch (error) {
    page.append(errorBox(error));
  }
  page.append(section(t('offers.openTitle'), openForm(ctx)));
  return page;
}

interface OfferRow {
  id: string;
  parentName: string;
  parent: string;
  childName: string;
  location: string;
  start: string;
  status: string;
  offeredOn: string;
  lapsesOn: string;
}

/** The offers of the location (all for finance and management), newest first, with their lapse dates (CON-2). */
function offersList(): Node {
  return pagedTable<OfferRow>({
    caption: t('offers.listCaption'),
    columns: [
      { header: t('offers.id'), cell: (o) => h('a', { href: `#/offers/${encodeURIComponent(o.id)}` }, o.id) },
      { header: t('col.child'), cell: (o) => o.childName },
      { header: t('col.parent'), cell: (o) => o.parentName || o.parent },
      { header: t('col.location'), cell: (o) => o.location },
      { header: t('col.start'), cell: (o) => date(o.start) },
      { header: t('col.status'), cell: (o) => statusText(o.status) },
      {
        header: t('offer.lapsesOn'),
        cell: (o) => (o.status === 'offered' ? h('strong', {}, date(o.lapsesOn)) : '—'),
      },
    ],
    load: async (after) => {
      const answer = await apiGet<{ offers: OfferRow[]; next?: string }>(
        `/offers${after ? `?${new URLSearchParams({ after })}` : ''}`,
      );
      return { rows: answer.offers, ...(answer.next ? { next: answer.next } : {}) };
    },
  });
}
