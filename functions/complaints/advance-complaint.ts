import { z } from 'zod';
import { now, startOfDate, today } from '#shared/clock.ts';
import { complaintAnswerEmail } from '#shared/messages/complaint-answer.ts';
import type { ComplaintFacts } from '#shared/messages/complaint-common.ts';
import { complaintNextStepsEmail } from '#shared/messages/complaint-next-steps.ts';
import { complaintOverdueEmail } from '#shared/messages/complaint-overdue.ts';
import { complaintReceivedEmail } from '#shared/messages/complaint-received.ts';
import { type Policy, policyNamed } from '#shared/policy.ts';
import { environment } from '../adapters/environment.ts';
import { sendEmailOnce } from '../adapters/mailer.ts';
import { parseStepInput } from '../adapters/step-input.ts';
import { recordFailure } from '../adapters/task-store.ts';
import { disputeForComplaint, resolveComplaintDispute } from './complaint-disputes.ts';
import { type ComplaintRecord, getComplaint, updateComplaint } from './complaint-store.ts';

const input = z.object({ complaint: z.string().min(1) });

export interface ComplaintAdvance {
  complaint: string;
  done: boolean;
  timeoutSeconds?: number;
}

/** The timed steps happen at the start of the office day, like the dunning's. */
const STEP_TIME_MINUTES = 9 * 60;
const instantOf = (date: string) => new Date(startOfDate(date).getTime() + STEP_TIME_MINUTES * 60_000);

function factsOf(c: ComplaintRecord): ComplaintFacts {
  return {
    id: c.id,
    complainant: { name: c.complainant.name, email: c.complainant.email },
    submittedOn: c.submittedOn,
    location: c.location,
    category: c.category,
    deadlines: c.deadlines,
  };
}

/** External stages under way (KLA-8): the invoice stays disputed and the status `external`. */
const externalRunning = (c: ComplaintRecord) =>
  (c.stages ?? []).some((s) => s.stage === 'mediation' || s.stage === 'dispute-filed') &&
  !(c.stages ?? []).some((s) => s.stage === 'closed');

/**
 * Complaint workflow (KLA-2..7), one step: whatever is due now, each part once however often retried.
 * The acknowledgement and the routing at once (KLA-2, KLA-3; a complaint about an invoice disputes it,
 * DUN-11); the answer e-mailed once given (KLA-4), which ends the procedure; without an answer, the
 * next-steps message on day 28 (KLA-5) and the escalation on day 42 (KLA-7), both naming the last day to
 * file (KLA-6). Returns how long to wait for the next: a wait an answer ends at once.
 */
export async function handler(event: unknown): Promise<ComplaintAdvance> {
  const { complaint: id } = parseStepInput(input, event);
  const policy: Policy = policyNamed(environment.policyName());
  const c = await getComplaint(id);
  if (!c) throw new Error(`complaint ${id} not found`);
  const base = { complaint: id };
  if (c.status === 'closed') return { ...base, done: true };
  const facts = factsOf(c);
  const on = today();

  if (!c.acknowledgedOn) {
    const sent = await sendEmailOnce(complaintReceivedEmail({ ...facts, text: c.text }, policy));
    const who = c.routedTo === 'finance' ? 'finance (management)' : `the location manager of ${c.location}`;
    await recordFailure({
      what: 'complaint',
      subject: `answer#${c.id}`,
      kind: 'work',
      location: c.location,
      error: `answer complaint ${c.id} (${c.category}, ${c.location}) in writing with reasons by ${c.deadlines.answerBy}: for ${who} (KLA-3, KLA-4)`,
    });
    if (c.invoice && (await disputeForComplaint(c.invoice, c.id)) === 'unknown')
      await recordFailure({
        what: 'complaint',
        subject: `invoice#${c.id}`,
        error: `complaint ${c.id} names invoice ${c.invoice}, which does not exist: link the right one (POST /complaints/${c.id}/invoice)`,
      });
    await updateComplaint(
      c.id,
      { acknowledgedOn: on, status: c.status === 'received' ? 'in-progress' : c.status },
      sent.failed ? `acknowledgement not sent: ${sent.failed}` : 'acknowledgement sent (KLA-2)',
      { expression: 'attribute_not_exists(acknowledgedOn)' },
    );
  }

  if (c.answer) {
    if (!c.answerSentOn) {
      await sendEmailOnce(complaintAnswerEmail({ ...facts, ...c.answer }, policy));
      if (c.invoice && !externalRunning(c)) await resolveComplaintDispute(c.invoice, c.id);
      await updateComplaint(
        c.id,
        { answerSentOn: on, status: externalRunning(c) ? 'external' : 'answered' },
        'answer sent (KLA-4)',
        { expression: 'attribute_not_exists(answerSentOn)' },
      );
    }
    return { ...base, done: true };
  }

  const moment = now().getTime();
  if (!c.nextStepsSentOn && moment >= instantOf(c.deadlines.nextStepsOn).getTime()) {
    await sendEmailOnce(complaintNextStepsEmail(facts, policy));
    await updateComplaint(c.id, { nextStepsSentOn: on }, 'next steps sent (KLA-5)', {
      expression: 'attribute_not_exists(nextStepsSentOn)',
    });
  }
  if (!c.escalatedOn && moment >= instantOf(c.deadlines.escalationOn).getTime()) {
    await sendEmailOnce(complaintOverdueEmail(facts, policy));
    await recordFailure({
      what: 'complaint',
      subject: `escalated#${c.id}`,
      kind: 'work',
      location: c.location,
      error: `complaint ${c.id} (${c.category}, ${c.location}) has no answer after 6 weeks (due ${c.deadlines.answerBy}): escalated to management (KLA-7); the parent may file with the Geschillencommissie until ${c.deadlines.externalBy}`,
    });
    await updateComplaint(
      c.id,
      { escalatedOn: on, status: externalRunning(c) ? 'external' : 'escalated' },
      'escalated to management (KLA-7)',
      { expression: 'attribute_not_exists(escalatedOn)' },
    );
  }
  const after = (await getComplaint(id)) as ComplaintRecord;
  if (after.answer) return { ...base, done: false, timeoutSeconds: 1 };
  // The next moment: day 28, day 42, then the answer may still come until the last day to file.
  const next = !after.nextStepsSentOn
    ? after.deadlines.nextStepsOn
    : !after.escalatedOn
      ? after.deadlines.escalationOn
      : undefined;
  const until = next
    ? instantOf(next)
    : new Date(startOfDate(after.deadlines.externalBy).getTime() + 86_400_000);
  const wait = Math.ceil((until.getTime() - moment) / 1000);
  if (wait <= 0) return { ...base, done: true };
  return { ...base, done: false, timeoutSeconds: wait };
}
