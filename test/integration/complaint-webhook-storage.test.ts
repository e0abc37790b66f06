import { readFileSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { complaintProviders } from '#shared/complaints/providers.ts';
import { dynamo } from '../../functions/adapters/clients.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * KLA-1, issue 11 item 5: how the complaint webhook stores a submission, through the real HTTP server and
 * DynamoDB Local. The raw body is stored before anything is done with it: a new complaint is one
 * conditional write that carries the raw body with it (the webhook's one request to the table, so that it
 * keeps up with a burst of submissions); a redelivery is recognised from that refused write; and a
 * submission whose complaint cannot be written is kept all the same, to be delivered again.
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
afterEach(() => {
  vi.restoreAllMocks();
});

async function post(provider: 'typeform' | 'tally' | 'generic', body: string) {
  const headers = complaintProviders[provider].sign(body, rt.webhookSecrets[provider], rt.clock.now());
  const response = await fetch(`${rt.apiUrl}/webhooks/complaints/${provider}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as { complaint: string }, headers };
}

async function stored(type: string) {
  const items =
    (await rt.db.send(new ScanCommand({ TableName: TABLE_NAME, ConsistentRead: true }))).Items ?? [];
  return items.filter((i) => i.type === type);
}

/** The webhook's requests to the table while `work` runs: which command, on which record. */
async function tableRequests(work: () => Promise<unknown>): Promise<string[]> {
  const send = vi.spyOn(dynamo(), 'send');
  await work();
  const requests = send.mock.calls.map(([command]) => {
    const input = (command as { input: { Item?: { pk?: string }; Key?: { pk?: string } } }).input;
    const pk = input.Item?.pk ?? input.Key?.pk ?? '';
    return `${command.constructor.name.replace(/Command$/, '')} ${pk.split('#')[0]}`;
  });
  send.mockRestore();
  return requests;
}

describe('KLA-1, issue 11 item 5: the complaint webhook stores a submission in one write', () => {
  it('a new complaint is one conditional write carrying the raw body and its signature, which the API does not show', async () => {
    const body = fixture('typeform-parent');
    let answer: Awaited<ReturnType<typeof post>> | undefined;
    const requests = await tableRequests(async () => {
      answer = await post('typeform', body);
    });
    expect(answer?.status).toBe(202);
    expect(requests).toEqual(['Put COMPLAINT']);

    const [complaint] = (await stored('complaint')).filter((c) => c.id === answer?.body.complaint);
    expect(complaint?.submission).toMatchObject({
      provider: 'typeform',
      raw: body,
      headers: { 'typeform-signature': answer?.headers['Typeform-Signature'] },
      receivedAt: rt.clock.now().toISOString(),
    });
    const shown = (await rt.call('GET', `/complaints/${answer?.body.complaint}`)).body.complaint;
    expect(shown.complainant.name).toBe('Łucja Wiśniewska');
    expect(shown.submission).toBeUndefined();
    expect(JSON.stringify(shown)).not.toContain('form_response');
  });

  it('a redelivery is answered 200 from the refused write, without reading the complaint again', async () => {
    const body = fixture('tally-parent');
    const first = await post('tally', body);
    expect(first.status).toBe(202);
    let again: Awaited<ReturnType<typeof post>> | undefined;
    const requests = await tableRequests(async () => {
      again = await post('tally', body);
    });
    expect(again).toMatchObject({ status: 200, body: { complaint: first.body.complaint } });
    // The refused write, and the redelivered body kept beside the complaint (once per body).
    expect(requests).toEqual(['Put COMPLAINT', 'Put SUBMISSION']);
    expect((await stored('complaint')).filter((c) => c.id === first.body.complaint)).toHaveLength(1);
  });

  it('a submission whose complaint cannot be written is kept and answered 500; delivered again, it becomes the complaint once', async () => {
    const complaint = JSON.parse(fixture('generic'));
    complaint.submissionId = 'website-klacht-2027-0200';
    complaint.parent = { name: 'Şükrü Yılmaz', email: 'sukru.yilmaz@example.nl' };
    const body = JSON.stringify(complaint);
    // A fault DynamoDB Local cannot be made to produce: the table refuses the complaint's write.
    vi.spyOn(dynamo(), 'send').mockImplementationOnce(async () => {
      throw new Error('Throughput exceeds the current capacity of the table (injected)');
    });
    const failed = await post('generic', body);
    expect(failed.status).toBe(500);
    const kept = (await stored('submission')).filter((s) => s.raw === body);
    expect(kept).toMatchObject([
      { status: 'failed', provider: 'generic', outcome: { error: expect.stringContaining('(injected)') } },
    ]);
    expect((await stored('complaint')).filter((c) => c.submissionId === 'website-klacht-2027-0200')).toEqual(
      [],
    );

    // The provider delivers it again, as it does after a 500.
    const again = await post('generic', body);
    expect(again.status).toBe(202);
    expect(
      (await stored('complaint')).filter((c) => c.submissionId === 'website-klacht-2027-0200'),
    ).toHaveLength(1);
    // KLA-2: and it is acknowledged, once.
    await rt.goTo('2027-02-03', 12);
    const received = (await rt.emails()).filter(
      (e) => e.kind === 'complaint-received' && e.ref === again.body.complaint,
    );
    expect(received.map((e) => e.to)).toEqual(['sukru.yilmaz@example.nl']);
  });
});
