import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../infra/local/scenario.ts';
import { simulate } from '../support/simulate-on-worker-dynamodb.ts';

/**
 * Issue 11 item 4: `simulate`'s `complaint` event carries the form provider's own body, which the
 * simulator signs with the configured secret and posts to the webhook as the provider would; the
 * `complaint-answer` event answers it; the report's `complaints` list each by the scenario's name with
 * its status, deadlines and events (SCENARIOS.md). On Wednesday 3 February 2027 Łucja complains through
 * Typeform and Şükrü through our own form; Łucja's is answered on 20 February (week 3), Şükrü's never.
 */
const fixture = (name: string) => JSON.parse(readFileSync(`test/fixtures/complaints/${name}.json`, 'utf8'));

function sukruBody() {
  const { invoiceNumber: _invoice, ...generic } = fixture('generic');
  return {
    ...generic,
    submissionId: 'website-klacht-2027-0003',
    submittedAt: '2027-02-03T10:00:00+01:00',
    parent: { name: 'Şükrü Yılmaz', email: 'sukru@example.nl' },
    category: 'care',
  };
}

function lucjaBody() {
  const body = fixture('typeform-parent');
  for (const answer of body.form_response.answers)
    if (answer.field.ref === 'invoice_number') answer.text = '';
  body.form_response.answers = body.form_response.answers.filter(
    (a: { field: { ref: string } }) => a.field.ref !== 'invoice_number',
  );
  return body;
}

const scenario = {
  start: '2027-02-01',
  end: '2027-03-20',
  events: [
    { on: '2027-02-03', type: 'complaint', provider: 'typeform', body: lucjaBody(), complaint: 'k1' },
    { on: '2027-02-03', type: 'complaint', provider: 'generic', body: sukruBody(), complaint: 'k2' },
    {
      on: '2027-02-20',
      type: 'complaint-answer',
      complaint: 'k1',
      answer: 'De 12 uur extra opvang worden gecrediteerd.',
      reasons: 'Zofia was ziek gemeld; de registratie is niet bijgewerkt.',
      measures: 'Ziekmeldingen worden dezelfde ochtend geregistreerd.',
      measuresBy: '2027-03-15',
    },
  ],
};

describe('simulate: complaints (issue 11 item 4)', () => {
  it('posts each complaint as its provider would and reports its status, deadlines, events and e-mails', async () => {
    const report = await simulate(parseScenario(JSON.stringify(scenario)));
    expect(report.failures).toEqual([]);
    expect(report.complaints.map((c) => [c.id, c.status])).toEqual([
      ['k1', 'answered'],
      ['k2', 'escalated'],
    ]);
    expect(report.complaints[0]?.ref).toMatch(/^k-[0-9a-f]{12}$/);
    expect(report.complaints[1]?.deadlines).toEqual({
      nextStepsOn: '2027-03-03',
      answerBy: '2027-03-17',
      escalationOn: '2027-03-17',
      externalBy: '2028-02-03',
    });
    expect(report.complaints[1]?.events.map((e) => [e.on, e.what])).toEqual([
      ['2027-02-03', 'received from the generic form'],
      ['2027-02-03', 'acknowledgement sent (KLA-2)'],
      ['2027-03-03', 'next steps sent (KLA-5)'],
      ['2027-03-17', 'escalated to management (KLA-7)'],
    ]);
    const mails = report.emails.map((e) => [e.on, e.to, e.kind]);
    expect(mails).toEqual([
      ['2027-02-03', 'lucja.wisniewska@example.nl', 'complaint-received'],
      ['2027-02-03', 'sukru@example.nl', 'complaint-received'],
      ['2027-02-20', 'lucja.wisniewska@example.nl', 'complaint-answer'],
      ['2027-03-03', 'sukru@example.nl', 'complaint-next-steps'],
      ['2027-03-17', 'sukru@example.nl', 'complaint-overdue'],
    ]);
  }, 300_000);

  it('refuses an answer to a complaint the scenario has not made, naming the field (exit 2 in the CLI)', () => {
    const wrong = {
      ...scenario,
      events: [{ ...scenario.events[2], complaint: 'k9' }],
    };
    expect(() => parseScenario(JSON.stringify(wrong))).toThrow(ScenarioError);
    try {
      parseScenario(JSON.stringify(wrong));
    } catch (error) {
      expect((error as ScenarioError).issues).toEqual([
        { field: 'events.0.complaint', problem: 'no complaint k9 made before 2027-02-20' },
      ]);
    }
  });
});
