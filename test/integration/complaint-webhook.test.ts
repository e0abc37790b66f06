import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintProviders } from '#shared/complaints/providers.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 11 item 1, KLA-1, KLA-2, KLA-3, through the real HTTP server: the complaint form's webhook for
 * Typeform, Tally and our own signed JSON. A verified submission becomes one complaint, acknowledged the
 * same day and routed; a redelivery changes nothing; whatever fails verification stores nothing.
 */
let rt: TestRuntime;
const fixture = (name: string) => readFileSync(`test/fixtures/complaints/${name}.json`, 'utf8');

beforeAll(async () => {
  rt = await startTestRuntime({ start: '2027-02-03' });
  await rt.goTo('2027-02-03', 10);
}, 120_000);
afterAll(async () => {
  await rt?.shutdown();
});

async function post(
  provider: 'typeform' | 'tally' | 'generic',
  body: string,
  headers: Record<string, string>,
) {
  const response = await fetch(`${rt.apiUrl}/webhooks/complaints/${provider}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

const signed = (provider: 'typeform' | 'tally' | 'generic', body: string, secret?: string) =>
  complaintProviders[provider].sign(body, secret ?? rt.webhookSecrets[provider], rt.clock.now());

async function stored(type: string) {
  const items =
    (await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }))).Items ?? [];
  return items.filter((i) => i.type === type);
}

describe('issue 11 item 1, KLA-1: the complaint webhook', () => {
  it('takes a Typeform submission once: 202 with its id, 200 with the same id when delivered again', async () => {
    const body = fixture('typeform-parent');
    const first = await post('typeform', body, signed('typeform', body));
    expect(first.status).toBe(202);
    expect(first.body.complaint).toMatch(/^k-[0-9a-f]{12}$/);
    expect(first.body.deadlines).toEqual({
      nextStepsOn: '2027-03-03',
      answerBy: '2027-03-17',
      escalationOn: '2027-03-17',
      externalBy: '2028-02-03',
    });
    const again = await post('typeform', body, signed('typeform', body));
    expect(again).toMatchObject({ status: 200, body: { complaint: first.body.complaint } });
    expect((await stored('complaint')).filter((c) => c.id === first.body.complaint)).toHaveLength(1);

    // KLA-2: acknowledged the same day; KLA-3: a money matter goes to finance; DUN-11: the invoice it names.
    await rt.goTo('2027-02-03', 11);
    const complaint = (await rt.call('GET', `/complaints/${first.body.complaint}`)).body.complaint;
    expect(complaint).toMatchObject({
      status: 'in-progress',
      acknowledgedOn: '2027-02-03',
      category: 'money',
      routedTo: 'finance',
      invoice: '2027-000123',
      complainant: { name: 'Łucja Wiśniewska', email: 'lucja.wisniewska@example.nl' },
    });
    expect(complaint.taskToken).toBeUndefined();
    const received = (await rt.emails()).filter((e) => e.kind === 'complaint-received');
    expect(received.map((e) => [e.to, e.on, e.ref])).toEqual([
      ['lucja.wisniewska@example.nl', '2027-02-03', first.body.complaint],
    ]);
    expect(received[0]?.text).toContain('uiterlijk 17 maart 2027');
    expect(received[0]?.text).toContain('> Op de factuur van januari staan 12 uur extra opvang');
    const tasks = (await rt.call('GET', '/tasks')).body.tasks.map(
      (t: { subject: string; error: string }) => t,
    );
    expect(
      tasks.find((t: { subject: string }) => t.subject === `answer#${first.body.complaint}`)?.error,
    ).toContain('for finance (management)');
    // The invoice it names does not exist here: staff are told to link the right one.
    expect(tasks.some((t: { subject: string }) => t.subject === `invoice#${first.body.complaint}`)).toBe(
      true,
    );
  });

  it('takes a Tally submission and our own signed JSON', async () => {
    const tally = fixture('tally-parent');
    const fromTally = await post('tally', tally, signed('tally', tally));
    expect(fromTally.status).toBe(202);
    const generic = fixture('generic');
    const fromGeneric = await post('generic', generic, signed('generic', generic));
    expect(fromGeneric.status).toBe(202);
    expect(fromGeneric.body.complaint).not.toBe(fromTally.body.complaint);
  });

  it('answers 401 to a missing or wrong signature, a changed body or an old generic timestamp, and stores nothing', async () => {
    const before = (await stored('submission')).length;
    const body = fixture('typeform-parents-committee');
    expect((await post('typeform', body, {})).status).toBe(401);
    expect((await post('typeform', body, signed('typeform', body, 'not-the-secret'))).status).toBe(401);
    const tampered = body.replace('oudercommissie', 'Oudercommissie');
    expect(tampered).not.toBe(body);
    expect((await post('typeform', tampered, signed('typeform', body))).status).toBe(401);
    const generic = fixture('generic');
    const old = complaintProviders.generic.sign(
      generic,
      rt.webhookSecrets.generic,
      new Date(rt.clock.now().getTime() - 6 * 60_000),
    );
    const stale = await post(
      'generic',
      generic.replace('website-klacht-2027-0042', 'website-klacht-2027-0043'),
      old,
    );
    expect(stale.status).toBe(401);
    expect((await stored('submission')).length).toBe(before);
  });

  it('answers 400 to a body that is not JSON, 413 over 64 KB, 422 naming each missing answer', async () => {
    const notJson = '{"event_id": "01J…", ';
    const broken = await post('typeform', notJson, signed('typeform', notJson));
    expect(broken).toMatchObject({
      status: 400,
      body: { issues: [{ field: '(body)', problem: 'is not valid JSON' }] },
    });

    const big = JSON.stringify({ padding: 'x'.repeat(65 * 1024) });
    expect((await post('generic', big, signed('generic', big))).status).toBe(413);

    const incomplete = JSON.parse(fixture('generic'));
    delete incomplete.parent.email;
    delete incomplete.complaint;
    incomplete.submissionId = 'website-klacht-2027-0099';
    const text = JSON.stringify(incomplete);
    const invalid = await post('generic', text, signed('generic', text));
    expect(invalid.status).toBe(422);
    const fields = invalid.body.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['parent.email', 'complaint']));
    // Nothing became a complaint, but the submission is kept (nothing lost when a step fails).
    const submissions = await stored('submission');
    expect(
      submissions.some((s) => s.status === 'invalid' && String(s.raw).includes('website-klacht-2027-0099')),
    ).toBe(true);
  });

  it('answers 409 to the same submission id with other content', async () => {
    const original = JSON.parse(fixture('generic'));
    original.submissionId = 'website-klacht-2027-0100';
    const first = JSON.stringify(original);
    expect((await post('generic', first, signed('generic', first))).status).toBe(202);
    const changed = JSON.stringify({ ...original, complaint: 'Iets heel anders.' });
    const conflict = await post('generic', changed, signed('generic', changed));
    expect(conflict.status).toBe(409);
    expect(conflict.body.issues[0].field).toBe('submissionId');
  });

  it('keeps a parent’s markup as text in the acknowledgement', async () => {
    const complaint = JSON.parse(fixture('generic'));
    complaint.submissionId = 'website-klacht-2027-0101';
    complaint.parent = { name: 'Nguyễn Thị Minh Khai', email: 'khai@example.nl' };
    complaint.complaint = '<script>alert("x")</script> <b>Te laat</b> opgehaald & niet gebeld';
    const body = JSON.stringify(complaint);
    const answer = await post('generic', body, signed('generic', body));
    expect(answer.status).toBe(202);
    await rt.goTo('2027-02-03', 12);
    const mail = (await rt.emails()).find(
      (e) => e.kind === 'complaint-received' && e.to === 'khai@example.nl',
    );
    expect(mail?.text).toContain('> <script>alert("x")</script> <b>Te laat</b> opgehaald & niet gebeld');
  });
});
