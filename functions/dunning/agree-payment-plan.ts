import { today } from '#shared/clock.ts';
import { paymentPlanInput } from '#shared/dunning/inputs.ts';
import type { PaymentPlan } from '#shared/dunning/payment-plan.ts';
import { paymentPlanEmail } from '#shared/messages/payment-plan.ts';
import { formatEuro } from '#shared/money.ts';
import { policyNamed } from '#shared/policy.ts';
import { environment } from '../adapters/environment.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from '../adapters/http.ts';
import { sendEmailOnce } from '../adapters/mailer.ts';
import { getParent } from '../adapters/store.ts';
import { parentAccount } from '../payments/account-store.ts';
import { wakeCases } from './dunning-store.ts';
import { agreePlan, setInvoiceStatus } from './plan-store.ts';

function invalid(field: string, problem: string): HttpError {
  return new HttpError(400, { error: 'invalid request', issues: [{ field, problem }] });
}

/**
 * POST /parents/{id}/payment-plan (admin), DUN-9: instalments that add up to the parent's arrears (the
 * invoices found unpaid). Pauses the parent's dunning at once, confirms the plan by e-mail. 201 agreed;
 * the same plan again 200; another plan while one runs 409.
 */
export const handler = httpHandler(async (event) => {
  const parentId = pathParameter(event, 'id');
  const { instalments } = parseJsonBody(event, paymentPlanInput);
  const parent = await getParent(parentId);
  if (!parent) throw new HttpError(404, { error: `parent ${parentId} not found` });
  const day = today();
  if ((instalments[0]?.due ?? day) < day)
    throw invalid('instalments.0.due', `must not be before today, ${day}`);
  const account = await parentAccount(parentId);
  const arrears = account.invoices.filter((b) => b.foundUnpaidOn && b.balance > 0);
  const owed = arrears.reduce((sum, b) => sum + b.balance, 0);
  if (!owed)
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'instalments', problem: 'the parent has no arrears: no invoice was found unpaid' }],
    });
  const planned = instalments.reduce((sum, i) => sum + i.amount, 0);
  if (planned !== owed)
    throw invalid(
      'instalments',
      `must add up to the arrears, ${formatEuro(owed)} (${owed} cents), not ${planned}`,
    );
  const plan: PaymentPlan = {
    type: 'payment-plan',
    parentId,
    agreedOn: day,
    instalments,
    status: 'active',
    arrears: owed,
    invoices: arrears.map((b) => b.number),
  };
  const { stored, created } = await agreePlan(plan);
  if (!created) {
    const same =
      stored.agreedOn === day && JSON.stringify(stored.instalments) === JSON.stringify(instalments);
    if (!same)
      throw new HttpError(409, {
        error: 'conflict',
        issues: [
          { field: 'instalments', problem: `a payment plan agreed on ${stored.agreedOn} runs already` },
        ],
      });
  }
  for (const record of account.records)
    if (stored.invoices.includes(record.number))
      await setInvoiceStatus(record, 'plan', ['open', 'in-dunning', 'handed-over']);
  await sendEmailOnce(paymentPlanEmail(parent, stored, policyNamed(environment.policyName())), { parentId });
  await wakeCases(account.records, 'payment plan');
  return json(created ? 201 : 200, { plan: stored, repeated: !created });
});
