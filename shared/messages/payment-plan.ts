import type { PaymentPlan } from '../dunning/payment-plan.ts';
import type { Policy } from '../policy.ts';
import type { ParentRecord } from '../records.ts';
import { type Email, emailTo, type Texts } from './common.ts';

interface Values {
  plan: PaymentPlan;
  creditor: Policy['creditor'];
}

const TEXT: Texts<Values> = {
  nl: ({ plan, creditor }, say) => ({
    subject: 'Uw betalingsregeling',
    lines: [
      `Wij hebben met u een betalingsregeling getroffen voor uw achterstand van ${say.euro(plan.arrears)} (facturen ${plan.invoices.join(', ')}). Zolang u de termijnen op tijd betaalt, sturen wij geen herinneringen. U betaalt:`,
      '',
      ...plan.instalments.map((i) => `  ${say.date(i.due)}: ${say.euro(i.amount)}`),
      '',
      `Maak elke termijn over naar ${creditor.iban} ten name van ${creditor.name}, onder vermelding van uw factuurnummer.`,
      'Is een termijn niet op de vervaldag volledig betaald, dan vervalt de regeling en hervatten wij de herinneringen op de eerstvolgende werkdag.',
    ],
  }),
  en: ({ plan, creditor }, say) => ({
    subject: 'Your payment plan',
    lines: [
      `We have agreed a payment plan with you for your arrears of ${say.euro(plan.arrears)} (invoices ${plan.invoices.join(', ')}). As long as you pay the instalments on time, we send no reminders. You pay:`,
      '',
      ...plan.instalments.map((i) => `  ${say.date(i.due)}: ${say.euro(i.amount)}`),
      '',
      `Please transfer each instalment to ${creditor.iban} in the name of ${creditor.name}, quoting your invoice number.`,
      'If an instalment is not paid in full by its due date, the plan ends and the reminders resume on the next working day.',
    ],
  }),
};

/** DUN-9: the payment plan confirmed: what it covers, each instalment, and what happens if one is missed. */
export function paymentPlanEmail(
  parent: ParentRecord,
  plan: PaymentPlan,
  policy: Pick<Policy, 'teams' | 'creditor'>,
): Email {
  return emailTo(
    parent,
    { kind: 'payment-plan', ref: `${parent.id}#${plan.agreedOn}` },
    TEXT,
    { plan, creditor: policy.creditor },
    { team: policy.teams.finance },
  );
}
