import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '#shared/calendar.ts';
import { routes } from '../../infra/catalog.ts';
import { RUNTIME_TABLE_NAME, TABLE_NAME } from '../../infra/local/table-design.ts';
import { KDV_MONDAYS, SUKRU } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 7, "Done when": random bodies and random path ids sent to every route of the running API, with the
 * admin key. Whatever comes in, the answer is never a 5xx, and a 4xx leaves the table, the runtime's
 * executions and the outbox exactly as they were. Deterministic: a fixed seed, the virtual clock.
 */
let rt: TestRuntime;
const TODAY = '2027-01-04';
const SEED = 20270104;
/** Requests per route: some 400 in all; about 30 s on a quiet 2-core machine, under 60 s on a busy one. */
const RUNS_PER_ROUTE = 20;

beforeAll(async () => {
  rt = await startTestRuntime({ start: TODAY });
  await rt.goTo(TODAY);
  const seed: [string, string, unknown][] = [
    ['PUT', '/parents/p1', PARENT],
    [
      'PUT',
      '/parents/p2',
      { name: 'Łucja Wiśniewska', email: 'lucja@example.nl', language: 'en', iban: 'NL91ABNA0417164300' },
    ],
    ['POST', '/contracts', { ...KDV, id: 'kdv', parent: 'p1' }],
    ['POST', '/contracts', { ...FLEX, id: 'flex', parent: 'p1' }],
    ['POST', '/contracts', { ...KDV, id: 'later', parent: 'p2', start: '2027-06-01' }],
    ['POST', '/offers', { ...KDV, id: 'o1', parent: 'p2', start: '2027-03-01' }],
    ['POST', '/contracts/flex/bookings', { date: '2027-01-20', hours: 8 }],
  ];
  for (const [method, path, body] of seed)
    expect((await rt.call(method, path, body)).status).toBeLessThan(300);
  await rt.settle();
}, 120_000);

afterAll(async () => {
  await rt?.shutdown();
});

const PARENT = SUKRU;
const KDV = { ...KDV_MONDAYS, start: '2027-01-01' };
const FLEX = { ...KDV, product: 'KDV_FLEX', weeks: undefined, schedule: undefined, hoursPerMonth: 40 };

// --- Values: mostly ones a client could mean, mixed with junk of every kind. ---

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308, 0.1, '', ' ', '\r\n', [], {}, 'Infinity', '1e999'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'a#b',
    '../x',
    'x'.repeat(5_000),
    'Ş'.repeat(200_000),
    'Sanne\r\nBcc: everyone@example.nl',
    'Noor\u202Eetoh',
    '\u0000',
    '2027-02-29',
    '9999-12-31',
    '1000-01-01',
    '2027-13',
    '😀',
  ),
  fc.jsonValue({ maxDepth: 3 }),
);
const sometimesJunk = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 4 }, { arbitrary: junk, weight: 1 });

const existingIds = ['p1', 'p2', 'kdv', 'flex', 'later', 'o1'];
const dayOffset = (from: string) => fc.integer({ min: -40, max: 800 }).map((d) => addDays(from, d));
const validDate = fc.oneof(dayOffset(TODAY), dayOffset('2020-01-01'), dayOffset('2027-06-01'));
const date = sometimesJunk(validDate);
const validMonth = fc.integer({ min: -6, max: 30 }).map((m) => {
  const total = 2027 * 12 + m;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
});
const month = sometimesJunk(validMonth);
const newId = fc.stringMatching(/^[a-z][a-z0-9_-]{0,12}$/);
const someId = sometimesJunk(fc.oneof(fc.constantFrom(...existingIds), newId));
const hours = sometimesJunk(
  fc.oneof(fc.integer({ min: 1, max: 13 }), fc.constantFrom(0.5, 2.5, 12.5, 13.5, 0, -2)),
);
const session = fc.constantFrom('08:00-18:00', '07:30-13:00', '15:00-18:00', '06:00-12:00', '18:00-08:00');
const schedule = sometimesJunk(
  fc.dictionary(fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat'), sometimesJunk(session), {
    maxKeys: 5,
  }),
);
const name = sometimesJunk(
  fc.constantFrom('Şükrü Yılmaz', 'Łucja Wiśniewska', 'Nguyễn Thị Minh Khai', 'Sanne de Vries', 'Daan'),
);
const parentDetails = fc.record(
  {
    id: someId,
    name,
    email: sometimesJunk(fc.constantFrom('sukru@example.nl', 'lucja@example.nl', 'minh.khai@example.nl')),
    phone: sometimesJunk(fc.constantFrom('06 12345678', '+31 6 1234 5678')),
    language: sometimesJunk(fc.constantFrom('nl', 'en')),
    iban: sometimesJunk(
      fc.constantFrom('NL91ABNA0417164300', 'NL91 ABNA 0417 1643 00', 'NL00ABNA0000000000'),
    ),
    mandate: sometimesJunk(
      fc.record({
        id: sometimesJunk(fc.constantFrom('M-001', 'MNDT/2027/7', '/M-1', 'M//1', 'M_1')),
        signed: date,
      }),
    ),
  },
  { requiredKeys: [] },
);
const careTerms = {
  child: sometimesJunk(fc.record({ name, birthDate: date }, { requiredKeys: [] })),
  location: sometimesJunk(fc.constantFrom('Kindcentrum De Tol', 'BSO De Vlinder')),
  product: sometimesJunk(fc.constantFrom('KDV', 'POV', 'KDV_FLEX', 'BSO', 'VSO', 'BSO_FLEX')),
  weeks: sometimesJunk(fc.integer({ min: 30, max: 53 })),
  schedule,
  hoursPerMonth: sometimesJunk(fc.constantFrom(40, 12.5, 300, 0.25)),
  start: date,
  trialMonths: sometimesJunk(fc.integer({ min: 0, max: 3 })),
  subsidy: sometimesJunk(
    fc.record({
      municipality: sometimesJunk(fc.constant('Steenwijkerland')),
      parentContribution: sometimesJunk(fc.integer({ min: 0, max: 10_000 })),
    }),
  ),
};
const cents = sometimesJunk(fc.integer({ min: 500, max: 1500 }));
const hourly = fc.record(
  { KDV: cents, POV: cents, KDV_FLEX: cents, BSO: cents, VSO: cents, BSO_FLEX: cents },
  { requiredKeys: [] },
);

/** A body of a route's own shape: any of its fields, each usually plausible, sometimes junk. */
const shaped = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;

const after = (from: number, to: number) => fc.integer({ min: from, max: to }).map((d) => addDays(TODAY, d));
const halfHours = (min: number, max: number) => fc.integer({ min: min * 2, max: max * 2 }).map((h) => h / 2);
const validParent = fc.record(
  {
    name: fc.constantFrom('Şükrü Yılmaz', 'Łucja Wiśniewska', 'Nguyễn Thị Minh Khai', 'محمد العلي'),
    email: fc.constantFrom('sukru@example.nl', 'lucja@example.nl', 'minh.khai@example.nl'),
    language: fc.constantFrom('nl', 'en'),
    iban: fc.constant('NL91ABNA0417164300'),
    mandate: fc.record({
      id: fc.constantFrom('M-001', 'MNDT/2027/7', "M (2027) 7'+"),
      signed: after(-60, 0),
    }),
  },
  { requiredKeys: ['name', 'email'] },
);
/** Terms a parent could be offered, per product: the child's age fits the product on any start drawn. */
const validTerms = fc
  .tuple(
    fc.constantFrom(
      {
        product: 'KDV',
        child: { name: 'Noor', birthDate: '2025-05-10' },
        weeks: 52,
        schedule: { mon: '08:00-18:00' },
      },
      {
        product: 'POV',
        child: { name: 'Daan', birthDate: '2024-09-01' },
        weeks: 40,
        schedule: { tue: '08:30-12:00', wed: '08:30-12:00' },
      },
      {
        product: 'BSO',
        child: { name: 'Lotte', birthDate: '2021-06-15' },
        weeks: 40,
        schedule: { thu: '15:00-18:00' },
      },
      { product: 'KDV_FLEX', child: { name: 'Mila', birthDate: '2025-06-01' }, hoursPerMonth: 40 },
    ),
    after(1, 300),
    fc.constantFrom('Kindcentrum De Tol', 'BSO De Vlinder'),
  )
  .map(([terms, start, location]) => ({ ...terms, start, location }));

/** Bodies the route accepts, as a careful client sends them: the ground the mutations start from. */
const validBodies: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'POST /offers': fc
    .tuple(
      validTerms,
      fc.option(newId, { nil: undefined }),
      fc.oneof(fc.constantFrom('p1', 'p2'), validParent),
    )
    .map(([terms, id, parent]) => ({ ...terms, id, parent })),
  'POST /offers/{id}/accept': fc.oneof(
    fc.constant({}),
    newId.map((contractId) => ({ contractId })),
  ),
  'PUT /parents/{id}': validParent,
  // Issue 9: a payment seen by staff, and an entry of the review list matched to an invoice.
  'POST /payments': fc
    .record({
      parent: fc.constantFrom('p1', 'p2'),
      amount: fc.integer({ min: 1, max: 200_000 }),
      date: dayOffset('2026-12-01').filter((d) => d <= TODAY),
      reference: fc.stringMatching(/^[A-Z]{3}-[0-9]{4,8}$/),
    })
    .map((body) => body),
  'POST /bank-entries/{id}/match': fc.record({ invoice: fc.constantFrom('2027-000001', '2026-000001') }),
  'POST /contracts': fc
    .tuple(validTerms, newId, fc.constantFrom('p1', 'p2'), after(-400, 0))
    .map(([terms, id, parent, start]) => ({ ...terms, id, parent, start })),
  'POST /contracts/{id}/changes': fc.oneof(
    halfHours(10, 120).map((hoursPerMonth) => ({ hoursPerMonth })),
    fc.constant({ schedule: { mon: '08:00-18:00', fri: '08:00-13:00' }, weeks: 48 }),
    fc
      .tuple(halfHours(10, 120), after(0, 60))
      .map(([hoursPerMonth, effective]) => ({ hoursPerMonth, effective })),
  ),
  'POST /contracts/{id}/termination': fc.oneof(
    fc.constant({}),
    after(30, 300).map((end) => ({ end })),
    fc.constant({ by: 'organisation', reason: 'Verhuizing naar Zwolle.\nDank voor de zorg.' }),
  ),
  'POST /contracts/{id}/extra-care': fc.record({ date: after(21, 200), hours: halfHours(0.5, 13) }),
  'POST /contracts/{id}/swap-days': fc.record({ missed: after(21, 60), swap: after(21, 90) }),
  'POST /contracts/{id}/bookings': fc.record({ date: after(1, 60), hours: halfHours(0.5, 10) }),
  'POST /invoice-runs': validMonth.map((month) => ({ month })),
  'POST /tariffs': after(31, 700).map((from) => ({
    from,
    hourly: { KDV: 900, POV: 900, KDV_FLEX: 1040, BSO: 820, VSO: 820, BSO_FLEX: 960 },
  })),
};

/** Every path into a JSON value: where a mutation can strike. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    [...prefix, key],
    ...pathsOf(inner, [...prefix, key]),
  ]);
}

/** A valid body with one or two fields (at any depth) replaced by junk, removed, or joined by another. */
function mutated(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const mutation = fc.record({ at: fc.nat(), kind: fc.constantFrom('replace', 'remove', 'add'), junk });
  return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([body, mutations]) => {
    const copy = structuredClone(body);
    for (const { at, kind, junk: value } of mutations) {
      const paths = pathsOf(copy);
      const path = paths[at % Math.max(paths.length, 1)] ?? ['unexpected'];
      let parent = copy as Record<string, unknown>;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
      const key = path.at(-1) as string;
      if (kind === 'remove') delete parent[key];
      else if (kind === 'add') parent[`${key}Extra`] = value;
      else parent[key] = value;
    }
    return copy;
  });
}

const bodyShapes: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'POST /offers': shaped({ ...careTerms, id: someId, parent: fc.oneof(someId, parentDetails) }),
  'POST /offers/{id}/accept': shaped({ contractId: someId }),
  'PUT /parents/{id}': parentDetails as fc.Arbitrary<Record<string, unknown>>,
  'POST /contracts': shaped({ ...careTerms, id: someId, parent: someId, signedOn: date, end: date }),
  'POST /contracts/{id}/changes': shaped({
    id: someId,
    schedule,
    weeks: careTerms.weeks,
    hoursPerMonth: careTerms.hoursPerMonth,
    effective: date,
  }),
  'POST /contracts/{id}/termination': shaped({
    by: sometimesJunk(fc.constantFrom('parent', 'organisation')),
    end: date,
    reason: sometimesJunk(fc.constantFrom('Verhuizing naar Zwolle', 'Verhuizing\nnaar Zwolle')),
  }),
  'POST /contracts/{id}/extra-care': shaped({ id: someId, date, hours }),
  'POST /contracts/{id}/swap-days': shaped({ missed: date, swap: date }),
  'POST /contracts/{id}/bookings': shaped({ date, hours }),
  'POST /invoice-runs': shaped({ month }),
  'POST /payments': shaped({
    parent: someId,
    amount: sometimesJunk(fc.integer({ min: -5, max: 20_000_000 })),
    date,
    reference: sometimesJunk(fc.string({ maxLength: 160 })),
    iban: sometimesJunk(fc.constantFrom('NL91ABNA0417164300', 'NL91ABNA0417164301')),
    invoice: sometimesJunk(fc.constantFrom('2027-000001', '2027-1')),
  }),
  'POST /bank-entries/{id}/match': shaped({ invoice: sometimesJunk(fc.constantFrom('2027-000001', 'x')) }),
  'POST /tariffs': shaped({ from: date, hourly }),
};

type Body = { json: unknown } | { raw: string } | undefined;
const junkBody: fc.Arbitrary<Body> = fc.oneof(
  junk.map((json) => ({ json })),
  fc
    .constantFrom(
      '{"id": "o-bad",',
      'not json at all',
      '[]',
      'null',
      '"string"',
      '{"__proto__": {"isAdmin": true}}',
      '{"constructor": {"prototype": {"x": 1}}}',
      `{"name": "${'x'.repeat(1_100_000)}"}`,
      // Nesting deep enough to overflow any recursive walk of the body (JSON.parse itself copes).
      `{"child": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
      `{"parent": ${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}}`,
    )
    .map((raw) => ({ raw })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((raw) => ({ raw })),
);

function bodyFor(routeKey: string): fc.Arbitrary<Body> {
  const valid = validBodies[routeKey];
  const shape = bodyShapes[routeKey];
  const empty = fc.constant<Body>(undefined);
  if (!valid || !shape) return fc.oneof(empty, junkBody);
  const json = (body: fc.Arbitrary<unknown>) => body.map((value): Body => ({ json: value }));
  return fc.oneof(
    { arbitrary: json(valid), weight: 3 },
    { arbitrary: json(mutated(valid)), weight: 4 },
    { arbitrary: json(shape), weight: 1 },
    { arbitrary: junkBody, weight: 1 },
    { arbitrary: empty, weight: 1 },
  );
}

/** Path values: existing records, plausible new ones, and what an attacker would try (item 11). */
const pathValue = {
  id: fc.oneof(
    { arbitrary: fc.constantFrom(...existingIds), weight: 3 },
    { arbitrary: newId, weight: 1 },
    {
      arbitrary: fc.constantFrom('a#b', '../x', 'x'.repeat(5_000), 'OFFER#o1', 'o1 ', '%zz', 'p1\r\n', '😀'),
      weight: 1,
    },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), weight: 1 },
  ),
  month: fc.oneof(
    { arbitrary: validMonth, weight: 3 },
    fc.constantFrom('2027-13', '27-01', '2027-1', '9999-12', '../2027-01', 'x'.repeat(5_000)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  ),
  date: fc.oneof(
    { arbitrary: validDate, weight: 3 },
    fc.constantFrom('2027-02-30', '22-01-2027', '2027-01-20#x', 'x'.repeat(5_000)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  ),
  /** The date a tariff version takes effect. */
  from: fc.oneof(
    { arbitrary: after(31, 700), weight: 3 },
    fc.constantFrom('2020-01-01', '2027-02-30', '../2027-03-01', 'x'.repeat(5_000)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
  ),
};
/** A parameter this test does not know yet gets every kind of value: a new route is fuzzed all the same. */
const anyPathValue = fc.oneof(pathValue.id, pathValue.month, pathValue.date);
const pathValueOf = (name: string) =>
  (pathValue as Record<string, fc.Arbitrary<string>>)[name] ?? anyPathValue;

/** The queries a GET route reads. */
const queryFor = (routeKey: string): fc.Arbitrary<string> =>
  routeKey === 'GET /contracts/{id}/bookings'
    ? fc.oneof(
        pathValue.month.map((m) => `?month=${encodeURIComponent(m)}`),
        fc.constant(''),
        fc.constant('?month=2027-01&month=2027-02'),
      )
    : fc.constant('');

async function send(method: string, path: string, body: Body): Promise<{ status: number; text: string }> {
  const response = await fetch(`${rt.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${rt.adminKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : 'raw' in body ? body.raw : JSON.stringify(body.json),
  });
  return { status: response.status, text: await response.text() };
}

async function scan(table: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await rt.db.send(
      new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Everything a request could store: the table, the runtime's executions and dead letters, the outbox.
 * After a 2xx the system settles first (the stream, the workflows it starts); a 4xx must have written
 * nothing for anything to react to, so what it left is read at once.
 */
async function storedState(settleFirst: boolean): Promise<string[]> {
  if (settleFirst) await rt.settle();
  const [main, runtimeItems, outbox] = await Promise.all([
    scan(TABLE_NAME),
    scan(RUNTIME_TABLE_NAME),
    fetch(`${rt.sesUrl}/store`).then((r) => r.json() as Promise<{ emails: unknown[] }>),
  ]);
  return [
    ...[...main, ...runtimeItems.filter((i) => !String(i.pk).startsWith('CHECKPOINT#'))]
      .map((item) => JSON.stringify(item))
      .sort(),
    `${outbox.emails.length} e-mails`,
  ];
}

describe('issue 7 (Done when): random requests to every route of the running API', () => {
  let state: string[];
  beforeAll(async () => {
    state = await storedState(true);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: never answers 5xx, and stores nothing when it answers 4xx',
    async (routeKey, route) => {
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const request = fc.record({
        values: fc.tuple(...params.map(pathValueOf)),
        query: queryFor(routeKey),
        body: route.method === 'GET' ? fc.constant<Body>(undefined) : bodyFor(routeKey),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ values, query, body }) => {
          let path = route.path;
          params.forEach((p, i) => {
            path = path.replace(`{${p}}`, encodeURIComponent(values[i] as string));
          });
          const response = await send(route.method, `${path}${query}`, body);
          const what = `${route.method} ${path.slice(0, 200)}${query} → ${response.status} ${response.text.slice(0, 300)}`;
          expect(response.status, what).toBeLessThan(500);
          const stored = await storedState(response.status < 400);
          if (response.status >= 400) expect(stored, `stored after ${what}`).toEqual(state);
          if (response.status === 400) {
            const issues = (JSON.parse(response.text) as { issues?: { field: string }[] }).issues;
            expect(issues?.length, `names the field: ${what}`).toBeGreaterThan(0);
          }
          state = stored;
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    },
  );
});
