import { ApiError } from './api.ts';
import { type Child, h, replace, uniqueId } from './dom.ts';
import { formatDate, formatMoney, type MessageKey, t } from './i18n.ts';

/**
 * The console's building blocks, each accessible by construction: a field is a label tied to its control,
 * a table has a caption and header cells, an error is announced (role=alert), a status is polite.
 */

export function heading(text: string): HTMLHeadingElement {
  // tabindex -1: the router moves focus here on every page, so that a screen reader starts at the page.
  return h('h1', { tabindex: -1 }, text);
}

export interface FieldOptions {
  type?: string;
  name: string;
  value?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  min?: string;
  max?: string;
  step?: string;
  placeholder?: string;
  inputmode?: string;
  pattern?: string;
  readonly?: boolean;
}

/** A labelled input, with its hint read out with it. */
export function field(label: string, options: FieldOptions): HTMLDivElement {
  const id = uniqueId(options.name);
  const hintId = options.hint ? `${id}-hint` : undefined;
  const input = h('input', {
    id,
    name: options.name,
    type: options.type ?? 'text',
    value: options.value,
    required: options.required,
    autocomplete: options.autocomplete ?? 'off',
    min: options.min,
    max: options.max,
    step: options.step,
    placeholder: options.placeholder,
    inputmode: options.inputmode,
    pattern: options.pattern,
    readonly: options.readonly,
    'aria-describedby': hintId,
  });
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hintId ? h('span', { id: hintId, class: 'hint' }, options.hint) : null,
    input,
  );
}

export function textArea(
  label: string,
  options: { name: string; required?: boolean; hint?: string; rows?: number },
) {
  const id = uniqueId(options.name);
  const hintId = options.hint ? `${id}-hint` : undefined;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hintId ? h('span', { id: hintId, class: 'hint' }, options.hint) : null,
    h('textarea', {
      id,
      name: options.name,
      required: options.required,
      rows: options.rows ?? 4,
      'aria-describedby': hintId,
    }),
  );
}

export function select(
  label: string,
  options: { name: string; choices: [string, string][]; value?: string },
): HTMLDivElement {
  const id = uniqueId(options.name);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name: options.name },
      options.choices.map(([value, text]) =>
        h('option', { value, selected: value === (options.value ?? '') }, text),
      ),
    ),
  );
}

export function checkbox(label: string, options: { name: string; checked?: boolean }): HTMLDivElement {
  const id = uniqueId(options.name);
  return h(
    'div',
    { class: 'field checkbox' },
    h('input', { id, type: 'checkbox', name: options.name, checked: options.checked }),
    h('label', { for: id }, label),
  );
}

export function button(
  text: string,
  attributes: Record<string, string | boolean | ((e: Event) => void)> = {},
) {
  return h('button', { type: 'button', ...attributes }, text);
}

export function submit(text: string): HTMLButtonElement {
  return h('button', { type: 'submit', class: 'primary' }, text);
}

/** A form's values by name (text as typed, trimmed). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') values[name] = value.trim();
  return values;
}

/**
 * A form whose submission runs `action` once at a time: its button is disabled meanwhile, and what went
 * wrong is announced in the form's own alert.
 */
export function form(
  attributes: { label: string; class?: string },
  children: Child[],
  action: (values: Record<string, string>, form: HTMLFormElement) => Promise<void>,
): HTMLFormElement {
  const alert = h('div', { class: 'form-alert' });
  const element: HTMLFormElement = h(
    'form',
    { 'aria-label': attributes.label, class: attributes.class, novalidate: true },
    children,
    alert,
  );
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(alert);
    const invalid = [...element.elements].find(
      (e): e is HTMLInputElement => e instanceof HTMLInputElement && !e.checkValidity(),
    );
    if (invalid) {
      replace(alert, errorBox(t('error.fieldInvalid', { field: labelOf(invalid) })));
      invalid.focus();
      return;
    }
    const buttons = [...element.querySelectorAll('button')];
    for (const b of buttons) b.disabled = true;
    element.setAttribute('aria-busy', 'true');
    try {
      await action(formValues(element), element);
    } catch (error) {
      replace(alert, errorBox(error));
    } finally {
      for (const b of buttons) b.disabled = false;
      element.removeAttribute('aria-busy');
    }
  });
  return element;
}

function labelOf(input: HTMLInputElement): string {
  return input.labels?.[0]?.textContent ?? input.name;
}

/** What went wrong, in words a user can act on, with each refused field. Announced at once. */
export function errorBox(error: unknown): HTMLDivElement {
  const issues = error instanceof ApiError ? error.issues : [];
  return h(
    'div',
    { role: 'alert', class: 'alert error' },
    h('p', {}, errorMessage(error)),
    issues.length
      ? h(
          'ul',
          {},
          issues.map((i) => h('li', {}, `${i.field}: ${i.problem}`)),
        )
      : null,
  );
}

export function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (!(error instanceof ApiError))
    return t('error.unexpected', { message: String((error as Error)?.message ?? error) });
  const detail = typeof error.body?.error === 'string' ? error.body.error : '';
  switch (error.problem) {
    case 'expired':
      return t('error.expired');
    case 'forbidden':
      return t('error.forbidden');
    case 'not-found':
      return t('error.notFound');
    case 'invalid':
      return t('error.invalid');
    case 'conflict':
      return t('error.conflict');
    case 'busy':
      return t('error.busy');
    case 'unreachable':
      return t('error.unreachable');
    default:
      return t('error.server', {
        id:
          typeof error.body?.correlationId === 'string'
            ? error.body.correlationId
            : detail || String(error.status),
      });
  }
}

/** A polite message (done, saved): read out without interrupting. */
export function notice(text: string): HTMLDivElement {
  return h('div', { role: 'status', class: 'alert success' }, text);
}

/** A region whose changes are read out politely (progress, a page of a list). */
export function liveRegion(): HTMLDivElement {
  return h('div', { role: 'status', 'aria-live': 'polite', class: 'live' });
}

export interface Column<Row> {
  header: string;
  cell: (row: Row) => Child;
  numeric?: boolean;
}

export function table<Row>(caption: string, columns: Column<Row>[], rows: Row[]): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.header)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.length
        ? rows.map((row) =>
            h(
              'tr',
              {},
              columns.map((c) => h('td', { class: c.numeric ? 'num' : null }, c.cell(row))),
            ),
          )
        : h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, t('list.empty'))),
    ),
  );
}

/**
 * A table with more columns than a narrow window holds: it scrolls sideways in a region that the keyboard
 * can reach (tabindex 0) and that is named after the table, so that nothing is cut off for anyone.
 */
export function wideTable<Row>(caption: string, columns: Column<Row>[], rows: Row[]): HTMLElement {
  return h(
    'div',
    { class: 'scroll', role: 'region', 'aria-label': caption, tabindex: 0 },
    table(caption, columns, rows),
  );
}

/** Label–value pairs, as a description list. */
export function facts(pairs: [string, Child][]): HTMLDListElement {
  return h(
    'dl',
    { class: 'facts' },
    pairs.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value ?? '—'))),
  );
}

export function link(text: string, hash: string): HTMLAnchorElement {
  return h('a', { href: hash }, text);
}

export const money = (cents: number | undefined | null): string =>
  typeof cents === 'number' ? formatMoney(cents) : '—';
export const date = (iso: string | undefined | null): string => (iso ? formatDate(iso) : '—');

/** A status word of the API, in the user's language when the table knows it. */
export function statusText(status: string | undefined): string {
  if (!status) return '—';
  const key = `status.${status}` as MessageKey;
  const text = t(key);
  return text === key ? status : text;
}

/** A section with its own heading (h2), as pages group their parts. */
export function section(title: string, ...children: Child[]): HTMLElement {
  const id = uniqueId('section');
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), children);
}
