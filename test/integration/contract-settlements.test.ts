import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/keys.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 8 items 3 and 4, issue 7 item 6, through the real pipeline: what a cancellation, a notice or a
 * change does to months invoiced in advance (CON-4, CON-5, CON-6, art. 8.5), which month a charge lands
 * on (INV-4, INV-5), and a request id reused with other content. Amounts worked by hand from DOMAIN.md:
 * KDV € 8,62 an hour; INV-1 monthly amount = weekly hours × weeks × rate ÷ 12.
 */
let rt: TestRuntime;

const MONDAYS_52 = 37353; // 10 h × 52 × € 8,62 / 12 = € 373,533… → € 373,53
const MONDAYS_48 = 34480; // 10 h × 48 × € 8,62 / 12 = € 344,80
const TWO_DAYS_48 = 68960; // 20 h × 48 × € 8,62 / 12 = € 689,60

const FAMILIES = {
  lucja: { name: 'Łucja Wiśniewska', email: 'lucja@example.nl' },
  minh: { name: 'Nguyễn Thị Minh Khai', email: 'minh@example.nl' },
  sukru: { name: 'Şükrü Yılmaz', email: 'sukru@example.nl' },
  sanne: { name: 'Sanne de Vries', email: 'sanne@example.nl' },
};

function kdv(id: string, parent: string, start: string, schedule: Record<string, string>) {
  return {
    id,
    parent,
    child: { name: `Kind ${id}`, birthDate: '2025-06-01' },
    location: 'Kindcentrum De Tol',
    product: 'KDV',
    weeks: 52,
    schedule,
    start,
  };
}

async function invoicesOf(parent: string) {
  const result = await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
  return (result.Items ?? [])
    .filter((i) => i.type === 'invoice' && i.parentId === parent)
    .sort((a, b) => String(a.month).localeCompare(String(b.month)))
    .map((i) => ({
      month: i.month as string,
      total: i.total as number,
      lines: (i.lines as { kind: string; contract: string; amount: number }[]).map((l) => ({
        kind: l.kind,
        contract: l.contract,
        amount: l.amount,
      })),
    }));
}

const FULL_DAY = '08:00-18:00';

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-02-15' });
  await rt.goTo('2027-02-15');
  for (const [id, family] of Object.entries(FAMILIES)) {
    const parent = {
      ...family,
      iban: 'NL91ABNA0417164300',
      mandate: { id: `M-${id}`, signed: '2026-12-01' },
    };
    expect((await rt.call('PUT', `/parents/${id}`, parent)).status).toBe(200);
  }
  const contracts = [
    kdv('c-lucja', 'lucja', '2027-03-01', { mon: FULL_DAY }),
    kdv('c-minh', 'minh', '2027-04-01', { mon: FULL_DAY }),
    kdv('c-sukru', 'sukru', '2027-01-01', { mon: FULL_DAY, thu: FULL_DAY }),
    kdv('c-sanne', 'sanne', '2027-01-01', { mon: FULL_DAY, thu: FULL_DAY }),
  ];
  for (const contract of contracts) expect((await rt.call('POST', '/contracts', contract)).status).toBe(201);

  // Şükrü: weeks first (April), then the days (May). Sanne: the same two changes, asked the other way round.
  const weeks48 = { weeks: 48, effective: '2027-04-01' };
  const mondaysOnly = { schedule: { mon: FULL_DAY }, effective: '2027-05-01' };
  expect((await rt.call('POST', '/contracts/c-sukru/changes', weeks48)).status).toBe(200);
  expect((await rt.call('POST', '/contracts/c-sanne/changes', mondaysOnly)).status).toBe(200);
  await rt.goTo('2027-02-16');
  expect((await rt.call('POST', '/contracts/c-sukru/changes', mondaysOnly)).status).toBe(200);
  expect((await rt.call('POST', '/contracts/c-sanne/changes', weeks48)).status).toBe(200);

  // INV-5: 20 February 2027 is a Saturday: March is invoiced on Monday 22 February. Łucja's contract
  // (from 1 March) is on it; Minh's (from 1 April) is not, so the run skips Minh.
  await rt.goTo('2027-02-22', 12);
  expect((await invoicesOf('lucja')).map((i) => i.total)).toEqual([MONDAYS_52]);
  expect(await invoicesOf('minh')).toEqual([]);

  await rt.goTo('2027-02-24');
  // Łucja gives notice before her contract starts: that is a cancellation (CON-5), not a free termination.
  const notice = await rt.call('POST', '/contracts/c-lucja/termination', {});
  expect(notice.status).toBe(200);
  expect(notice.body).toMatchObject({ cancelled: true, fee: MONDAYS_52 });
  // Minh cancels before the start (CON-5); March's run has been, and skipped Minh.
  const cancellation = await rt.call('POST', '/contracts/c-minh/cancellation');
  expect(cancellation.status).toBe(200);
  expect(cancellation.body.fee).toBe(MONDAYS_52);

  await rt.goTo('2027-03-22', 12); // April's run
  await rt.goTo('2027-04-20', 12); // May's run
}, 240_000);

afterAll(async () => {
  await rt?.shutdown();
});

describe('a cancellation after the start month was invoiced (issue 8 item 3, CON-5, art. 8.5)', () => {
  it('costs exactly the fee: March taken back on the next invoice, the fee charged', async () => {
    const contract = (await rt.call('GET', '/contracts/c-lucja')).body.contract;
    expect(contract.status).toBe('cancelled');
    // March's invoice billed the month; on April's, the settlement takes it back and the fee (one
    // month's amount) is charged: together nothing, so April's run has nothing to collect from Łucja.
    const invoices = await invoicesOf('lucja');
    expect(invoices).toEqual([
      {
        month: '2027-03',
        total: MONDAYS_52,
        lines: [{ kind: 'contract', contract: 'c-lucja', amount: MONDAYS_52 }],
      },
    ]);
    const result = await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }));
    const charges = (result.Items ?? [])
      .filter((i) => i.type === 'extra' && i.contractId === 'c-lucja')
      .map((i) => ({ kind: i.kind, amount: i.amount, billMonth: i.billMonth }));
    expect(charges).toEqual(
      expect.arrayContaining([
        { kind: 'settlement', amount: -MONDAYS_52, billMonth: '2027-04' },
        { kind: 'cancellation-fee', amount: MONDAYS_52, billMonth: '2027-04' },
      ]),
    );
    expect(charges).toHaveLength(2);
    const april = (await rt.call('GET', '/invoice-runs/2027-04')).body;
    expect(april.run.summary.skipped).toContainEqual({ parent: 'lucja', reason: 'nothing to pay' });
    // In all: exactly the fee.
    expect(invoices.reduce((sum, i) => sum + i.total, 0) + charges.reduce((s, c) => s + c.amount, 0)).toBe(
      MONDAYS_52,
    );
  });
});

describe('charges land on a month that will still be invoiced (issue 8 item 4)', () => {
  it('a fee for a parent the March run skipped goes on April, the first month not yet run', async () => {
    const invoices = await invoicesOf('minh');
    expect(invoices).toEqual([
      {
        month: '2027-04',
        total: MONDAYS_52,
        lines: [{ kind: 'cancellation-fee', contract: 'c-minh', amount: MONDAYS_52 }],
      },
    ]);
  });
});

describe('a second change does not undo the first (issue 8 item 3, CON-4)', () => {
  it('May keeps April’s 48 weeks when the days change later', async () => {
    const may = (await invoicesOf('sukru')).find((i) => i.month === '2027-05');
    expect(may?.lines).toContainEqual({ kind: 'contract', contract: 'c-sukru', amount: MONDAYS_48 });
    const april = (await invoicesOf('sukru')).find((i) => i.month === '2027-04');
    expect(april?.lines).toContainEqual({ kind: 'contract', contract: 'c-sukru', amount: TWO_DAYS_48 });
  });

  it('changes apply in effective-date order, whichever was asked first', async () => {
    const invoices = await invoicesOf('sanne');
    expect(invoices.find((i) => i.month === '2027-04')?.lines).toContainEqual({
      kind: 'contract',
      contract: 'c-sanne',
      amount: TWO_DAYS_48,
    });
    expect(invoices.find((i) => i.month === '2027-05')?.lines).toContainEqual({
      kind: 'contract',
      contract: 'c-sanne',
      amount: MONDAYS_48,
    });
  });
});

describe('a request id reused with other content is a conflict (issue 7 item 6)', () => {
  it('extra care: the same id with other hours is 409, and what was stored and e-mailed stays', async () => {
    const first = await rt.call('POST', '/contracts/c-sukru/extra-care', {
      id: 'x1',
      date: '2027-06-03',
      hours: 3,
    });
    expect(first.status).toBe(201);
    const again = await rt.call('POST', '/contracts/c-sukru/extra-care', {
      id: 'x1',
      date: '2027-06-03',
      hours: 3,
    });
    expect(again.body.extra).toEqual(first.body.extra);
    const corrected = await rt.call('POST', '/contracts/c-sukru/extra-care', {
      id: 'x1',
      date: '2027-06-03',
      hours: 4,
    });
    expect(corrected.status).toBe(409);
    expect(corrected.body.issues[0].problem).toContain('other content');
    const mails = (await rt.emails()).filter((e) => e.kind === 'extra-care' && e.ref.includes('x1'));
    expect(mails).toHaveLength(1);
  });

  it('extra care without an id: a corrected request is a new request, not a dropped duplicate', async () => {
    const one = await rt.call('POST', '/contracts/c-sanne/extra-care', { date: '2027-06-10', hours: 2 });
    const two = await rt.call('POST', '/contracts/c-sanne/extra-care', { date: '2027-06-10', hours: 2.5 });
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(two.body.extra.id).not.toBe(one.body.extra.id);
    expect(two.body.extra.amount).toBeGreaterThan(one.body.extra.amount);
  });

  it('a change: the same id with other content is 409 and the contract keeps the first', async () => {
    const first = await rt.call('POST', '/contracts/c-minh/changes', { id: 'ch1', weeks: 50 });
    // Minh's contract is cancelled: nothing can change it, and the answer says so (not "done").
    expect(first.status).toBe(409);
    const change = { id: 'ch2', weeks: 50, effective: '2027-07-01' };
    expect((await rt.call('POST', '/contracts/c-sanne/changes', change)).status).toBe(200);
    expect((await rt.call('POST', '/contracts/c-sanne/changes', change)).status).toBe(200);
    const other = await rt.call('POST', '/contracts/c-sanne/changes', { ...change, weeks: 49 });
    expect(other.status).toBe(409);
    const stored = (await rt.call('GET', '/contracts/c-sanne')).body.contract;
    expect(stored.changes.filter((c: { weeks?: number }) => c.weeks === 50)).toHaveLength(1);
    expect(stored.changes.some((c: { weeks?: number }) => c.weeks === 49)).toBe(false);
  });
});

describe('a request that settles what a running invoice run is issuing waits for it (issue 8 item 3, art. 8.5)', () => {
  it('is 503 while the run of its month is running, stores nothing, and goes through after the run', async () => {
    // After May's run (20 April): a contract from 15 May, then cancelled while May's run is (again) running.
    const contract = kdv('c-race', 'sukru', '2027-05-15', { mon: FULL_DAY });
    expect((await rt.call('POST', '/contracts', contract)).status).toBe(201);
    const setRun = (status: string) =>
      rt.db.send(
        new UpdateCommand({
          TableName: TABLE_NAME,
          Key: keys.invoiceRun('2027-05'),
          UpdateExpression: 'SET #status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status },
        }),
      );
    await setRun('running');
    const waiting = await rt.call('POST', '/contracts/c-race/cancellation');
    expect(waiting.status).toBe(503);
    expect(waiting.body.issues[0].problem).toContain('repeat the request');
    expect((await rt.call('GET', '/contracts/c-race')).body.contract.status).toBe('active');
    await setRun('succeeded');
    const done = await rt.call('POST', '/contracts/c-race/cancellation');
    expect(done.status).toBe(200);
    expect(done.body.contract.status).toBe('cancelled');
  });
});
