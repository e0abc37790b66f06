import { accountLookupPage, accountPage, disputesPage } from './account-page.ts';
import { configureApi } from './api.ts';
import { arrearsPage, policyCheckPage } from './arrears-page.ts';
import { bankEntriesPage, bankFilesPage } from './bank-files-page.ts';
import { complaintPage, complaintsPage, escalatedPage, reportPage } from './complaints-page.ts';
import { type ConsoleConfig, loadConfig } from './config.ts';
import { contractPage, contractsPage } from './contracts-page.ts';
import { h, replace } from './dom.ts';
import { type Lang, language, type MessageKey, setLanguage, t } from './i18n.ts';
import { invoiceRunsPage } from './invoice-runs-page.ts';
import { invoicesPage } from './invoices-page.ts';
import { lettersPage } from './letters-page.ts';
import { loginPage, startFailure } from './login-page.ts';
import { offerPage, offersPage } from './offers-page.ts';
import { currentLocation, matchPage, type PageSpec } from './router.ts';
import { currentSession, endSession, isExpired, type Role, type Session } from './session.ts';
import { tasksPage } from './tasks-page.ts';
import { errorBox, heading } from './ui.ts';

/**
 * The staff console (issue 13): one page, a hash router, a menu per role. Each role's menu holds what its
 * work needs; the API decides what each role may do, the menu only leaves out what it may not.
 */
const FINANCE: Role[] = ['finance'];
const LOCATION: Role[] = ['location-manager'];
const MANAGEMENT: Role[] = ['management'];
const ALL: Role[] = ['finance', 'location-manager', 'management'];

const PAGES: PageSpec[] = [
  { path: '/runs', title: 'page.runs', roles: FINANCE, menu: true, render: invoiceRunsPage },
  { path: '/runs/:month', title: 'page.runs', roles: FINANCE, render: invoiceRunsPage },
  { path: '/invoices', title: 'page.invoices', roles: FINANCE, menu: true, render: invoicesPage },
  { path: '/bank-files', title: 'page.bankFiles', roles: FINANCE, menu: true, render: bankFilesPage },
  { path: '/bank-entries', title: 'page.bankEntries', roles: FINANCE, menu: true, render: bankEntriesPage },
  { path: '/parents', title: 'page.account', roles: FINANCE, menu: true, render: accountLookupPage },
  { path: '/parents/:id', title: 'page.account', roles: FINANCE, render: accountPage },
  { path: '/letters', title: 'page.letters', roles: FINANCE, menu: true, render: lettersPage },
  { path: '/arrears', title: 'page.arrears', roles: FINANCE, menu: true, render: arrearsPage },
  {
    path: '/policy-check',
    title: 'page.policyCheck',
    roles: [...FINANCE, ...MANAGEMENT],
    menu: true,
    render: policyCheckPage,
  },
  { path: '/disputes', title: 'page.disputes', roles: FINANCE, menu: true, render: disputesPage },
  { path: '/escalated', title: 'page.escalated', roles: MANAGEMENT, menu: true, render: escalatedPage },
  {
    path: '/contracts',
    title: 'page.contracts',
    roles: [...LOCATION, ...MANAGEMENT],
    menu: true,
    render: contractsPage,
  },
  {
    path: '/contracts/:id',
    title: 'page.contract',
    roles: [...LOCATION, ...MANAGEMENT],
    render: contractPage,
  },
  { path: '/offers', title: 'page.offers', roles: LOCATION, menu: true, render: offersPage },
  { path: '/offers/:id', title: 'page.offer', roles: LOCATION, render: offerPage },
  { path: '/complaints', title: 'page.complaints', roles: ALL, menu: true, render: complaintsPage },
  { path: '/complaints/:id', title: 'page.complaint', roles: ALL, render: complaintPage },
  { path: '/report', title: 'page.report', roles: MANAGEMENT, menu: true, render: reportPage },
  { path: '/tasks', title: 'page.tasks', roles: ALL, menu: true, render: tasksPage },
];

const HOME: Record<Role, string> = {
  finance: '#/runs',
  'location-manager': '#/complaints',
  management: '#/escalated',
};

let config: ConsoleConfig = { auth: 'local' };
let generation = 0;
let expiredNotice = false;

const root = (): HTMLElement => document.getElementById('app') as HTMLElement;

function languageSwitch(): HTMLButtonElement {
  const other: Lang = language() === 'nl' ? 'en' : 'nl';
  return h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      lang: other,
      onclick: () => {
        setLanguage(other);
        void render();
      },
    },
    other === 'en' ? 'English' : 'Nederlands',
  );
}

function shell(session: Session | undefined, current: string, main: Node): Node {
  const user = session?.user;
  const menu = user ? PAGES.filter((p) => p.menu && p.roles.includes(user.role)) : [];
  return [
    h('a', { href: '#main', class: 'skip-link', onclick: skipToMain }, t('shell.skip')),
    h(
      'header',
      { class: 'top' },
      h(
        'p',
        { class: 'brand' },
        h('span', { 'aria-hidden': 'true', class: 'logo' }, '◆'),
        ' ',
        t('shell.brand'),
      ),
      h(
        'div',
        { class: 'who' },
        user
          ? [
              h('span', { class: 'user' }, user.name),
              h(
                'span',
                { class: 'role' },
                `${t(`role.${user.role}` as MessageKey)}${user.location ? ` · ${user.location}` : ''}`,
              ),
            ]
          : null,
        languageSwitch(),
        user
          ? h(
              'button',
              {
                type: 'button',
                class: 'link-button',
                onclick: () => {
                  endSession();
                  window.location.hash = '#/login';
                },
              },
              t('shell.logout'),
            )
          : null,
      ),
    ),
    menu.length
      ? h(
          'nav',
          { 'aria-label': t('shell.menu'), class: 'menu' },
          h(
            'ul',
            {},
            menu.map((p) =>
              h(
                'li',
                {},
                h(
                  'a',
                  {
                    href: `#${p.path}`,
                    'aria-current': current.split('/')[1] === p.path.split('/')[1] ? 'page' : null,
                  },
                  t(p.title),
                ),
              ),
            ),
          ),
        )
      : null,
    h('main', { id: 'main', tabindex: -1 }, main),
  ].reduce((fragment, node) => {
    if (node) fragment.append(node);
    return fragment;
  }, document.createDocumentFragment());
}

function skipToMain(event: Event): void {
  event.preventDefault();
  document.getElementById('main')?.focus();
}

function focusHeading(): void {
  const h1 = document.querySelector<HTMLElement>('main h1');
  document.title = `${h1?.textContent ?? ''} · ${t('shell.brand')}`;
  h1?.focus({ preventScroll: false });
}

function sessionEnded(): void {
  endSession();
  expiredNotice = true;
  // Back to sign-in, and after it to the page the user was on.
  const here = currentLocation();
  if (here.path !== '/login')
    window.location.hash = `#/login?next=${encodeURIComponent(window.location.hash)}`;
  else void render();
}

async function render(): Promise<void> {
  generation += 1;
  const mine = generation;
  document.documentElement.lang = language();
  const location = currentLocation();
  let session = currentSession();
  if (session && isExpired(session)) {
    endSession();
    session = undefined;
    expiredNotice = true;
  }
  if (!session || location.path === '/login') {
    if (session && location.path === '/login') endSession();
    const reason = expiredNotice ? 'expired' : undefined;
    expiredNotice = false;
    // Where the user was going: after signing in, that page opens.
    const query = location.query.toString();
    const target =
      location.path === '/login'
        ? location.query.get('next')
        : `#${location.path}${query ? `?${query}` : ''}`;
    replace(
      root(),
      shell(
        undefined,
        '/login',
        loginPage(config, reason, (started) => {
          // Another user signing in goes to their own first page, not to one of the last user's role.
          const wanted = target?.startsWith('#/')
            ? matchPage(PAGES, currentLocation(target).path)
            : undefined;
          const allowed = wanted?.page.roles.includes(started.user.role) && target;
          window.location.hash = allowed || HOME[started.user.role];
        }),
      ),
    );
    focusHeading();
    if (location.path !== '/login')
      history.replaceState(null, '', `#/login?next=${encodeURIComponent(target ?? '')}`);
    return;
  }
  const user = session.user;
  const found = matchPage(PAGES, location.path);
  if (!found) {
    window.location.hash = HOME[user.role];
    return;
  }
  const main = h('div', { 'aria-busy': 'true' }, h('p', { class: 'loading' }, t('loading')));
  replace(root(), shell(session, location.path, main));
  if (!found.page.roles.includes(user.role)) {
    replace(main, heading(t(found.page.title)), errorBox(t('error.forbidden')));
    main.removeAttribute('aria-busy');
    focusHeading();
    return;
  }
  let content: Node;
  try {
    content = await found.page.render({
      params: found.params,
      query: location.query,
      user,
      alive: () => generation === mine,
      go: (hash) => {
        if (window.location.hash === hash) void render();
        else window.location.hash = hash;
      },
    });
  } catch (error) {
    content = h('div', {}, heading(t(found.page.title)), errorBox(error));
  }
  if (generation !== mine) return;
  replace(main, content);
  main.removeAttribute('aria-busy');
  focusHeading();
}

async function start(): Promise<void> {
  document.documentElement.lang = language();
  try {
    config = await loadConfig();
  } catch (error) {
    replace(root(), shell(undefined, '', startFailure(String((error as Error).message))));
    return;
  }
  configureApi(config, sessionEnded);
  window.addEventListener('hashchange', () => void render());
  if (!window.location.hash) history.replaceState(null, '', '#/');
  await render();
}

void start();
