import { readFileSync } from 'node:fs';
import { complaintProviders } from '#shared/complaints/providers.ts';
import type { TestRuntime } from './local-runtime.ts';

/** A complaint form's body as its provider posts it (test/fixtures/complaints, written from their docs). */
export function complaintFixture(name: string) {
  return JSON.parse(readFileSync(`test/fixtures/complaints/${name}.json`, 'utf8'));
}

/** KLA-1: posts a body to the webhook signed as its provider signs, with the runtime's secret. */
export async function postComplaint(
  runtime: TestRuntime,
  provider: 'typeform' | 'tally' | 'generic',
  body: unknown,
): Promise<{ status: number; body: { complaint: string } }> {
  const raw = JSON.stringify(body);
  const response = await fetch(`${runtime.apiUrl}/webhooks/complaints/${provider}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...complaintProviders[provider].sign(raw, runtime.webhookSecrets[provider], runtime.clock.now()),
    },
    body: raw,
  });
  return { status: response.status, body: (await response.json()) as { complaint: string } };
}
