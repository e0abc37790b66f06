import { h, replace } from './dom.ts';
import { t } from './i18n.ts';
import { type Column, errorBox, liveRegion, table } from './ui.ts';

/**
 * A list read a page at a time with the API's cursor (`?after=`, answered with `next`): never everything
 * at once, so that 10,000 contracts page as fast as 10. The cursors of the pages seen are kept, so that
 * the previous page is one request too.
 */
export interface Page<Row> {
  rows: Row[];
  next?: string;
}

export function pagedTable<Row>(options: {
  caption: string;
  columns: Column<Row>[];
  load: (after: string | undefined) => Promise<Page<Row>>;
}): HTMLElement {
  const body = h('div', { class: 'table-wrap' });
  const status = liveRegion();
  const previous = h('button', { type: 'button' }, t('list.previous'));
  const next = h('button', { type: 'button' }, t('list.next'));
  const container = h('div', { class: 'paged' }, body, h('div', { class: 'pager' }, previous, next, status));
  // cursors[i]: the `after` of page i + 1 (undefined for the first).
  const cursors: (string | undefined)[] = [undefined];
  let index = 0;
  let nextCursor: string | undefined;

  async function show(at: number): Promise<void> {
    container.setAttribute('aria-busy', 'true');
    previous.disabled = true;
    next.disabled = true;
    try {
      const page = await options.load(cursors[at]);
      index = at;
      nextCursor = page.next;
      if (nextCursor) cursors[at + 1] = nextCursor;
      replace(body, table(options.caption, options.columns, page.rows));
      replace(status, t('list.page', { page: index + 1, rows: page.rows.length }));
    } catch (error) {
      replace(body, errorBox(error));
    } finally {
      container.removeAttribute('aria-busy');
      previous.disabled = index === 0;
      next.disabled = !nextCursor;
    }
  }

  previous.addEventListener('click', () => void show(index - 1));
  next.addEventListener('click', () => void show(index + 1));
  void show(0);
  return container;
}

/** A list the API gives whole (the complaints), shown a page at a time all the same. */
export function pagesOf<Row>(rows: Row[], size: number): (after: string | undefined) => Promise<Page<Row>> {
  return async (after) => {
    const from = Number(after ?? 0);
    const to = from + size;
    return { rows: rows.slice(from, to), ...(to < rows.length ? { next: String(to) } : {}) };
  };
}
