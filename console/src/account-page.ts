import { centsOf } from './amounts.ts';
import { apiGet, apiPost } from './api.ts';
import { h, replace } from './dom.ts';
import { formatMonth, t } from './i18n.ts';
import type { PageContext } from './router.ts';
import {
  button,
  date,
  errorBox,
  facts,
  field,
  form,
  heading,
  money,
  notice,
  section,
  statusText,
  table,
  wideTable,
} from './ui.ts';

/**
 * Finance, issue 9 item 1: a parent's account (GET /parents/{id}/account): the balance, what is owed and
 * the credit; each invoice with what was paid, fees, interest, what is open and the day it was found unpaid
 * (DUN-1); every entry with the balance after it. Below it the payment plan (DUN-9): instalments that add up
 * to the arrears, agreed with POST /parents/{id}/payment-plan.
 */
interface Account {
  parent: string;
  balance: number;
  owed: number;
  credit: number;
  invoices: {
    number: string;
    month: string;
    debitOn: string;
    total: number;
    paid: number;
    fees: number;
    interest: number;
    balance: number;
    status: string;
    foundUnpaidOn?: string;
    returned?: { on: string; reason: string };
  }[];
  entries: {
    on: string;
    kind: string;
    id: string;
    invoice?: string;
    amount: number;
    reason?: string;
    source?: { kind: string; ref: string };
    balanceAfter: number;
  }[];
}

export function accountLookupPage(ctx: PageContext): Node {
  return h('div', {}, heading(t('page.account')), lookupForm(ctx, ''));
}

function lookupForm(ctx: PageContext, value: string): Node {
  return form(
    { label: t('account.lookup'), class: 'inline' },
    [
      field(t('account.parentId'), {
        name: 'parent',
        value,
        required: true,
        hint: t('account.parentIdHint'),
      }),
      h('button', { type: 'submit', class: 'primary' }, t('runs.show')),
    ],
    async ({ parent }) => ctx.go(`#/parents/${encodeURIComponent(parent ?? '')}`),
  );
}

export async function accountPage(ctx: PageContext): Promise<Node> {
  const parent = ctx.params.id ?? '';
  const page = h('div', {}, heading(t('account.title', { parent })), lookupForm(ctx, parent));
  let account: Account;
  try {
    account = await apiGet<Account>(`/parents/${encodeURIComponent(parent)}/account`);
  } catch (error) {
    page.append(errorBox(error));
    return page;
  }
  const arrears = account.invoices.filter((i) => i.foundUnpaidOn && i.balance > 0);
  page.append(
    facts([
      [t('account.balance'), h('strong', {}, money(account.balance))],
      [t('account.owed'), money(account.owed)],
      [t('account.credit'), money(account.credit)],
      [t('account.arrears'), money(arrears.reduce((sum, i) => sum + i.balance, 0))],
    ]),
    wideTable(
      t('account.invoices'),
      [
        { header: t('col.invoice'), cell: (i) => i.number },
        { header: t('col.month'), cell: (i) => formatMonth(i.month) },
        { header: t('col.debitOn'), cell: (i) => date(i.debitOn) },
        { header: t('col.total'), cell: (i) => money(i.total), numeric: true },
        { header: t('col.paid'), cell: (i) => money(i.paid), numeric: true },
        { header: t('col.feesInterest'), cell: (i) => money(i.fees + i.interest), numeric: true },
        { header: t('col.open'), cell: (i) => money(i.balance), numeric: true },
        { header: t('col.status'), cell: (i) => statusText(i.status) },
        {
          header: t('col.unpaidSince'),
          cell: (i) => [
            i.foundUnpaidOn ? date(i.foundUnpaidOn) : '—',
            i.returned ? ` (${i.returned.reason}, ${date(i.returned.on)})` : '',
          ],
        },
        {
          header: t('col.actions'),
          cell: (i) =>
            i.balance > 0
              ? h(
                  'a',
                  { href: `#/disputes?invoice=${i.number}` },
                  t('account.dispute', { invoice: i.number }),
                )
              : '',
        },
      ],
      account.invoices,
    ),
    table(
      t('account.entries'),
      [
        { header: t('col.date'), cell: (e) => date(e.on) },
        { header: t('col.kind'), cell: (e) => statusText(e.kind) },
        { header: t('col.invoice'), cell: (e) => e.invoice ?? '—' },
        { header: t('col.amount'), cell: (e) => money(e.amount), numeric: true },
        { header: t('col.balanceAfter'), cell: (e) => money(e.balanceAfter), numeric: true },
        {
          header: t('col.source'),
          cell: (e) => [
            e.source ? `${e.source.kind} ${e.source.ref}` : '—',
            e.reason ? ` (${e.reason})` : '',
          ],
        },
      ],
      account.entries,
    ),
    paymentPlanSection(
      parent,
      arrears.reduce((sum, i) => sum + i.balance, 0),
    ),
  );
  return page;
}

/** DUN-9: the instalments, each a due date and an amount in euros; they must add up to the arrears. */
function paymentPlanSection(parent: string, arrears: number): Node {
  const rows = h('div', { class: 'instalments' });
  const result = h('div', {});
  let count = 0;
  const addRow = () => {
    count += 1;
    rows.append(
      h(
        'fieldset',
        { class: 'inline' },
        h('legend', {}, t('plan.instalment', { n: count })),
        field(t('plan.due'), { name: `due-${count}`, type: 'date', required: true }),
        field(t('plan.amount'), {
          name: `amount-${count}`,
          required: true,
          inputmode: 'decimal',
          hint: t('plan.amountHint'),
        }),
      ),
    );
  };
  addRow();
  addRow();
  const planForm = form(
    { label: t('plan.form') },
    [
      h('p', {}, t('plan.intro', { arrears: money(arrears) })),
      rows,
      button(t('plan.addInstalment'), { onclick: () => addRow() }),
      h('button', { type: 'submit', class: 'primary' }, t('plan.agree')),
    ],
    async (values) => {
      const instalments: { due: string; amount: number }[] = [];
      for (let i = 1; i <= count; i++) {
        const due = values[`due-${i}`];
        const amount = centsOf(values[`amount-${i}`] ?? '');
        if (!due && !values[`amount-${i}`]) continue;
        if (!due || amount === undefined) throw t('plan.badInstalment', { n: i });
        instalments.push({ due, amount });
      }
      const answer = await apiPost<{ plan: { arrears: number; instalments: unknown[] }; repeated: boolean }>(
        `/parents/${encodeURIComponent(parent)}/payment-plan`,
        { instalments },
      );
      replace(
        result,
        notice(
          t('plan.agreed', { count: answer.plan.instalments.length, arrears: money(answer.plan.arrears) }),
        ),
      );
    },
  );
  return section(t('plan.title'), arrears > 0 ? planForm : h('p', {}, t('plan.noArrears')), result);
}

/** The invoice number both dispute forms ask for, as the numbering writes it (2027-000001). */
function invoiceNumberField(value: string): HTMLElement {
  return field(t('col.invoice'), {
    name: 'invoice',
    value,
    required: true,
    pattern: '[0-9]{4}-[0-9]{6}',
    placeholder: '2027-000001',
  });
}

/** DUN-11: an invoice disputed (its dunning paused) and the dispute resolved (its dunning resumes). */
export function disputesPage(ctx: PageContext): Node {
  const result = h('div', {});
  const invoice = ctx.query.get('invoice') ?? '';
  const open = form(
    { label: t('dispute.openForm') },
    [
      invoiceNumberField(invoice),
      field(t('dispute.reason'), { name: 'reason' }),
      field(t('dispute.complaint'), { name: 'complaint', hint: t('dispute.complaintHint') }),
      h('button', { type: 'submit', class: 'primary' }, t('dispute.open')),
    ],
    async (values) => {
      const body = {
        ...(values.reason ? { reason: values.reason } : {}),
        ...(values.complaint ? { complaint: values.complaint } : {}),
      };
      await apiPost(`/invoices/${encodeURIComponent(values.invoice ?? '')}/dispute`, body);
      replace(result, notice(t('dispute.opened', { invoice: values.invoice ?? '' })));
    },
  );
  const resolve = form(
    { label: t('dispute.resolveForm') },
    [invoiceNumberField(invoice), h('button', { type: 'submit' }, t('dispute.resolve'))],
    async (values) => {
      await apiPost(`/invoices/${encodeURIComponent(values.invoice ?? '')}/dispute/resolved`);
      replace(result, notice(t('dispute.resolved', { invoice: values.invoice ?? '' })));
    },
  );
  return h(
    'div',
    {},
    heading(t('page.disputes')),
    h('p', {}, t('dispute.intro')),
    section(t('dispute.openTitle'), open),
    section(t('dispute.resolveTitle'), resolve),
    result,
  );
}
