import type { MessageKey } from './i18n.ts';
import type { Role, StaffUser } from './session.ts';

/**
 * The hash router: `#/runs`, `#/complaints/ID`, `#/invoices?month=2027-03`. A page is found by its path
 * pattern; each page names the roles it is for, and the menu of a role is its pages marked `menu`, in
 * the order they are listed.
 */
export interface PageContext {
  params: Record<string, string>;
  query: URLSearchParams;
  user: StaffUser;
  /** False once the user has gone to another page: polling and late answers stop there. */
  alive(): boolean;
  /** Goes to another page (`#/…`). */
  go(hash: string): void;
}

export interface PageSpec {
  path: string;
  title: MessageKey;
  roles: readonly Role[];
  /** Shown in the role's menu. */
  menu?: boolean;
  render(ctx: PageContext): Promise<Node> | Node;
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

export function currentLocation(hash = window.location.hash): Location {
  const raw = hash.replace(/^#/, '') || '/';
  const [path = '/', search = ''] = raw.split('?');
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(search) };
}

function patternOf(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = path
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), names };
}

export function matchPage(
  pages: readonly PageSpec[],
  path: string,
): { page: PageSpec; params: Record<string, string> } | undefined {
  for (const page of pages) {
    const { regex, names } = patternOf(page.path);
    const match = regex.exec(path);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return { page, params };
  }
  return undefined;
}

/** A hash for a path and its query, leaving out empty values. */
export function hashOf(path: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();
  return `#${path}${search ? `?${search}` : ''}`;
}
