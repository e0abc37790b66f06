import { z } from 'zod';
import { addDays, nextWorkingDay } from '#shared/calendar.ts';
import { now, startOfDate, today } from '#shared/clock.ts';
import { claimCsv } from '#shared/dunning/claim.ts';
import { collectionCosts } from '#shared/dunning/collection-costs.ts';
import {
  type CaseStep,
  DUNNING_STEPS,
  type DunningAmounts,
  type DunningStep,
  dunningSchedule,
} from '#shared/dunning/ladder.ts';
import { paidSince, planStanding, resumedSchedule } from '#shared/dunning/payment-plan.ts';
import { interestCents } from '#shared/dunning/statutory-interest.ts';
import { firstReminderLetter, secondReminderLetter } from '#shared/messages/dunning-letters.ts';
import {
  firstReminderEmail,
  handOverEmail,
  secondReminderEmail,
} from '#shared/messages/dunning-reminders.ts';
import type { InvoiceBalance } from '#shared/payments/account.ts';
import { policyNamed } from '#shared/policy.ts';
import { isoDate } from '#shared/records.ts';
import { environment } from '../adapters/environment.ts';
import { writeExport } from '../adapters/exports.ts';
import { sendEmailOnce } from '../adapters/mailer.ts';
import { parseStepInput } from '../adapters/step-input.ts';
import { getParent } from '../adapters/store.ts';
import { recordFailure } from '../adapters/task-store.ts';
import { appendEntry, entryOf, invoiceByNumber, parentAccount } from '../payments/account-store.ts';
import { suspendCare } from './care-suspension.ts';
import {
  closeCase,
  type DunningCase,
  getCase,
  markInvoiceHandedOver,
  markStepDone,
  openCase,
  rescheduleCase,
} from './dunning-store.ts';
import { sendLetter } from './letters.ts';
import { currentPlan, endPlan, setInvoiceStatus } from './plan-store.ts';
import { terminateForArrears, unpaidInvoices } from './terminate-for-arrears.ts';

/**
 * Dunning workflow, the step (DUN-1..4, DUN-10): re-reads the account; a cleared debt ends the case;
 * otherwise the step that is due is taken (once, whatever is retried) and the wait for the next one is
 * returned. A reminder states what the account says at the moment it is sent: when a payment lands
 * while it is being composed, it is composed again (DUN-10: never a letter demanding money received).
 */
const input = z.object({ invoice: z.string().min(1), foundUnpaidOn: isoDate });

export interface Advance {
  invoice: string;
  foundUnpaidOn: string;
  done: boolean;
  timeoutSeconds?: number;
}

/** DUN-2..6 as the organisation's policy sets them. */
const dunningTerms = () => policyNamed(environment.policyName()).dunning;

function stepInstant(date: string): Date {
  const [h, m] = dunningTerms().stepTime.split(':').map(Number) as [number, number];
  return new Date(startOfDate(date).getTime() + (h * 60 + m) * 60_000);
}

/**
 * DUN-6, DUN-5, DUN-7: what a reminder sent today states, after the payments received: the principal
 * open, the fees (its own included when not booked yet) and the statutory interest accrued to today.
 * `interestToBook`: the interest accrued beyond what earlier letters booked; stated, it is booked (DUN-5:
 * rounded where it is stated), so that paying what the letter says clears the debt.
 */
function amountsOf(
  balance: InvoiceBalance,
  ownFeeBooked: boolean,
  fee: number,
  foundUnpaidOn: string,
): DunningAmounts & { interestToBook: number } {
  const principal = balance.principalOpen;
  const fees = balance.fees - balance.feesPaid + (ownFeeBooked ? 0 : fee);
  const accrued = interestCents({
    start: addDays(foundUnpaidOn, 1),
    through: today(),
    principal: balance.principalHistory ?? [],
  });
  const interestToBook = Math.max(0, accrued - balance.interest);
  const interest = balance.interest + interestToBook - balance.interestPaid;
  return { principal, fees, interest, total: principal + fees + interest, interestToBook };
}

async function balanceOf(c: DunningCase): Promise<InvoiceBalance | undefined> {
  const account = await parentAccount(c.parentId);
  return account.invoices.find((b) => b.number === c.invoice);
}

/** The debt of this case is gone: paid, or found unpaid again later (another case). */
function cleared(balance: InvoiceBalance | undefined, c: DunningCase): boolean {
  return !balance || balance.balance <= 0 || balance.foundUnpaidOn !== c.foundUnpaidOn;
}

async function takeStep(c: DunningCase, step: DunningStep): Promise<'taken' | 'cleared'> {
  const parent = await getParent(c.parentId);
  if (!parent) throw new Error(`parent ${c.parentId} not found`);
  const policy = policyNamed(environment.policyName());
  const feeId = `fee#${step}#${c.invoice}#${c.foundUnpaidOn}`;
  for (let attempt = 0; attempt < 3; attempt++) {
    const balance = await balanceOf(c);
    if (cleared(balance, c)) return 'cleared';
    // DUN-6, DUN-12: what this step charges (a fee per reminder, or the statutory scale once the
    // cost-free letter's term has passed), for the principal open now.
    const costs = collectionCosts(dunningTerms(), step, (balance as InvoiceBalance).principalOpen);
    const charges = costs > 0;
    const booked = charges ? (await entryOf(c.parentId, feeId)) !== undefined : true;
    const { interestToBook, ...amounts } = amountsOf(
      balance as InvoiceBalance,
      booked,
      costs,
      c.foundUnpaidOn,
    );
    const facts = { invoice: c.invoice, month: c.month, caseRef: c.foundUnpaidOn, sentOn: today(), amounts };
    const email =
      step === 'reminder-1'
        ? firstReminderEmail(parent, facts, policy)
        : step === 'reminder-2'
          ? secondReminderEmail(parent, facts, policy)
          : handOverEmail(parent, facts, policy);
    // The account again, right before sending: a payment that landed meanwhile means composing again.
    const recheck = await balanceOf(c);
    if (cleared(recheck, c)) return 'cleared';
    if (recheck?.paid !== balance?.paid || recheck?.feesPaid !== balance?.feesPaid) continue;
    const sending = await sendEmailOnce(email, { parentId: c.parentId });
    // DUN-10: money that cleared the debt while the e-mail was with SES. The reminder asks a parent who has
    // paid meanwhile to regard it as not sent: it costs nothing (no fee, no interest), no letter follows.
    if (cleared(await balanceOf(c), c)) {
      await markStepDone(c, step, today(), amounts);
      return 'cleared';
    }
    // DUN-12: a policy whose first letter must be received (the cost-free 14 days) also posts it.
    if (step === 'reminder-1' && policy.dunning.firstReminderBy === 'email-and-post')
      await sendLetter({
        kind: 'reminder-1',
        parentId: c.parentId,
        invoice: c.invoice,
        caseRef: c.foundUnpaidOn,
        on: facts.sentOn,
        ...firstReminderLetter(parent.name, facts, policy),
        amounts,
      });
    // DUN-3: the second reminder also goes by post, stating the same amounts (issue 10 item 3).
    if (step === 'reminder-2')
      await sendLetter({
        kind: 'reminder-2',
        parentId: c.parentId,
        invoice: c.invoice,
        caseRef: c.foundUnpaidOn,
        on: facts.sentOn,
        ...secondReminderLetter(parent.name, facts, policy),
        amounts,
      });
    // DUN-6: a fee is charged when its reminder is sent; one that could not be is a staff task already,
    // and the ladder goes on (the second reminder also goes by post).
    if (charges && !sending.failed)
      await appendEntry({
        type: 'account-entry',
        parentId: c.parentId,
        id: feeId,
        kind: 'fee',
        on: today(),
        amount: costs,
        invoice: c.invoice,
        source: { kind: 'system', ref: step },
        recordedAt: now().toISOString(),
      });
    if (interestToBook > 0 && !sending.failed)
      await appendEntry({
        type: 'account-entry',
        parentId: c.parentId,
        id: `interest#${step}#${c.invoice}#${c.foundUnpaidOn}`,
        kind: 'interest',
        on: today(),
        amount: interestToBook,
        invoice: c.invoice,
        source: { kind: 'system', ref: step },
        recordedAt: now().toISOString(),
      });
    if (step === 'hand-over') {
      // DUN-4: the claim for the agency, with the amounts and what was sent before.
      const invoice = await invoiceByNumber(c.invoice, { whole: true });
      const sent = (['reminder-1', 'reminder-2'] as const)
        .filter((s) => c.done?.[s])
        .map((s) => `${s} ${c.done?.[s]?.on} (${s === 'reminder-2' ? 'e-mail and post' : 'e-mail'})`);
      const file = await writeExport(
        `claims/${today()}/${c.invoice}.csv`,
        claimCsv([
          {
            invoice: c.invoice,
            parentId: c.parentId,
            parentName: parent.name,
            email: parent.email,
            ...(parent.address ? { address: parent.address } : {}),
            month: c.month,
            dueOn: invoice?.debitOn ?? '',
            foundUnpaidOn: c.foundUnpaidOn,
            amounts,
            sent,
          },
        ]),
        'text/csv',
      );
      await recordFailure({
        what: 'dunning',
        subject: `hand-over#${c.invoice}`,
        error: `hand the claim of invoice ${c.invoice} to the collection agency (${amounts.total} cents; the claim is ${file}) ; care is suspended (a task per contract)`,
        parentId: c.parentId,
      });
    }
    await markStepDone(c, step, today(), amounts);
    return 'taken';
  }
  throw new Error(`the account of ${c.parentId} kept changing while ${step} of ${c.invoice} was composed`);
}

/** A paused case waits this long at most for the callback that ends the pause (a dispute resolved). */
const PAUSED_SECONDS = 180 * 24 * 3600;

/** Seconds from now until a step's moment on a day (at least 1). */
function secondsUntil(date: string): number {
  return Math.max(1, Math.ceil((stepInstant(date).getTime() - now().getTime()) / 1000));
}

/**
 * DUN-11: a disputed invoice waits until the dispute is resolved; DUN-9: while the parent's payment plan
 * is kept, the case waits until the plan's next check; a plan broken (an instalment not paid in full by
 * its due date) or completed with a debt left, and a dispute resolved, move the remaining steps to the
 * resume day (the next working day), once.
 */
async function holdOf(c: DunningCase): Promise<{ wait?: number; case: DunningCase }> {
  const invoice = await invoiceByNumber(c.invoice, { whole: true });
  if (invoice?.dispute) return { wait: PAUSED_SECONDS, case: c };
  let current = c;
  if (invoice?.disputeResolvedOn && invoice.disputeResolvedOn >= c.foundUnpaidOn) {
    const marker = `dispute#${invoice.disputeResolvedOn}`;
    if (!current.resumed?.includes(marker))
      current = await rescheduleCase(
        current,
        marker,
        resumedSchedule(
          current.schedule,
          current.done ?? {},
          nextWorkingDay(invoice.disputeResolvedOn),
          dunningTerms(),
        ),
      );
  }
  const plan = await currentPlan(c.parentId);
  if (!plan) return { case: current };
  if (plan.status === 'active') {
    const account = await parentAccount(c.parentId);
    const standing = planStanding(plan, paidSince(account.entries, plan.agreedOn), today());
    if (standing.standing === 'kept' && standing.nextCheck)
      return { wait: secondsUntil(standing.nextCheck), case: current };
    const ended = standing.standing === 'broken' ? standing.on : today();
    await endPlan(plan, standing.standing === 'broken' ? 'broken' : 'completed', ended);
    for (const record of account.records)
      if (plan.invoices.includes(record.number)) await setInvoiceStatus(record, 'in-dunning', ['plan']);
    plan.status = standing.standing === 'broken' ? 'broken' : 'completed';
    plan.endedOn = ended;
  }
  const endedOn = plan.endedOn;
  const marker = `plan#${plan.agreedOn}`;
  if (endedOn && endedOn >= c.foundUnpaidOn && !current.resumed?.includes(marker))
    current = await rescheduleCase(
      current,
      marker,
      resumedSchedule(current.schedule, current.done ?? {}, endedOn, dunningTerms()),
    );
  return { case: current };
}

export async function handler(event: unknown): Promise<Advance> {
  const { invoice: number, foundUnpaidOn } = parseStepInput(input, event);
  const base = { invoice: number, foundUnpaidOn };
  let c = await getCase(number, foundUnpaidOn);
  if (!c) {
    const invoice = await invoiceByNumber(number);
    if (!invoice) throw new Error(`invoice ${number} not found`);
    // DUN-8: found unpaid while an earlier monthly invoice still is: terminate on the next working day.
    const earlier = unpaidInvoices((await parentAccount(invoice.parentId)).invoices).filter(
      (b) => b.month < invoice.month,
    );
    const schedule = dunningSchedule(foundUnpaidOn, dunningTerms());
    c = await openCase({
      type: 'dunning-case',
      invoice: number,
      parentId: invoice.parentId,
      month: invoice.month,
      foundUnpaidOn,
      schedule: earlier.length ? { ...schedule, termination: nextWorkingDay(foundUnpaidOn) } : schedule,
      status: 'active',
      done: {},
    });
  }
  for (;;) {
    if (c.status !== 'active') return { ...base, done: true };
    if (cleared(await balanceOf(c), c)) {
      await closeCase(c, 'cleared', today());
      return { ...base, done: true };
    }
    const hold = await holdOf(c);
    if (hold.wait) return { ...base, done: false, timeoutSeconds: hold.wait };
    c = hold.case;
    const steps: CaseStep[] = [
      ...(c.schedule.termination ? (['termination'] as const) : []),
      ...DUNNING_STEPS,
    ];
    const step = steps.find((s) => !c?.done?.[s]);
    if (!step) return { ...base, done: true };
    const due = stepInstant(c.schedule[step] as string);
    const wait = Math.ceil((due.getTime() - now().getTime()) / 1000);
    if (wait > 0) return { ...base, done: false, timeoutSeconds: wait };
    if (step === 'termination') {
      await terminateForArrears(c, policyNamed(environment.policyName()));
      await markStepDone(c, 'termination', today(), undefined);
      c = (await getCase(number, foundUnpaidOn)) as DunningCase;
      continue;
    }
    if ((await takeStep(c, step)) === 'cleared') {
      await closeCase(c, 'cleared', today());
      return { ...base, done: true };
    }
    if (step === 'hand-over') {
      // DUN-4: care suspended (the contract still invoiced) until the arrears are paid.
      await suspendCare(c.parentId, c.invoice);
      await markInvoiceHandedOver(c.parentId, c.month);
      await closeCase(c, 'handed-over', today());
      return { ...base, done: true };
    }
    c = (await getCase(number, foundUnpaidOn)) as DunningCase;
  }
}
