import { today } from '#shared/clock.ts';
import { monthOf } from '#shared/invoicing.ts';
import { terminationLetter } from '#shared/messages/dunning-letters.ts';
import { terminationEmail } from '#shared/messages/dunning-termination.ts';
import type { InvoiceBalance } from '#shared/payments/account.ts';
import type { Policy } from '#shared/policy.ts';
import type { ContractRecord } from '#shared/records.ts';
import { requestFingerprint } from '#shared/request-fingerprint.ts';
import { finalSettlement, RequestConflictError, terminate } from '../adapters/contract-store.ts';
import { contractsOfParents } from '../adapters/invoice-store.ts';
import { sendEmailOnce } from '../adapters/mailer.ts';
import { getParent } from '../adapters/store.ts';
import { recordFailure } from '../adapters/task-store.ts';
import { parentAccount } from '../payments/account-store.ts';
import type { DunningCase } from './dunning-store.ts';
import { sendLetter } from './letters.ts';

/** DUN-8: the parent's invoices found unpaid and still open, oldest first. */
export function unpaidInvoices(invoices: InvoiceBalance[]): InvoiceBalance[] {
  return invoices
    .filter((b) => b.foundUnpaidOn && b.balance > 0)
    .sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * DUN-8, CON-7: a second monthly invoice found unpaid while an earlier one still is: on the first working
 * day after, the organisation terminates the parent's contracts at once (policy: automatic), by e-mail
 * and registered letter; the last month is settled as any termination is (art. 8.5). Checked again when
 * the day comes: arrears paid meanwhile, nothing happens. Each part runs once, however often retried.
 */
export async function terminateForArrears(
  c: DunningCase,
  policy: Policy,
): Promise<'terminated' | 'not-needed'> {
  const account = await parentAccount(c.parentId);
  const unpaid = unpaidInvoices(account.invoices);
  if (unpaid.length < 2 || !unpaid.some((b) => b.number === c.invoice)) return 'not-needed';
  const parent = await getParent(c.parentId);
  if (!parent) throw new Error(`parent ${c.parentId} not found`);
  const on = today();
  const contracts = ((await contractsOfParents([c.parentId])).get(c.parentId) ?? []).filter(
    (k: ContractRecord) => k.status === 'active' && k.end >= on,
  );
  for (const contract of contracts) {
    const requestId = `nonpayment-${contract.id}`;
    const after: ContractRecord = { ...contract, end: on, status: 'terminated' };
    const settled = await finalSettlement({
      contract,
      after,
      fromMonth: monthOf(on),
      policy,
      requestId,
      on,
      why: 'beëindiging wegens betalingsachterstand',
    });
    try {
      await terminate(
        contract,
        on,
        on,
        {
          id: requestId,
          fingerprint: requestFingerprint({ nonpayment: c.invoice }),
          settlesFrom: monthOf(on),
        },
        settled,
      );
    } catch (error) {
      // Terminated by this very step before (a retry): done.
      if (!(error instanceof RequestConflictError)) throw error;
    }
  }
  const amounts = unpaid.reduce(
    (sum, b) => ({
      principal: sum.principal + b.principalOpen,
      fees: sum.fees + b.fees - b.feesPaid,
      interest: sum.interest + b.interest - b.interestPaid,
      total: sum.total + b.balance,
    }),
    { principal: 0, fees: 0, interest: 0, total: 0 },
  );
  const ended = contracts.map((k) => ({ id: k.id, child: k.child.name }));
  await sendEmailOnce(
    terminationEmail(
      parent,
      {
        invoice: c.invoice,
        caseRef: c.foundUnpaidOn,
        sentOn: on,
        contracts: ended,
        invoices: unpaid.map((b) => b.number),
        amounts,
      },
      policy,
    ),
    { parentId: c.parentId },
  );
  const first = ended[0] ?? { id: '—', child: '—' };
  await sendLetter({
    kind: 'termination',
    parentId: c.parentId,
    invoice: c.invoice,
    caseRef: c.foundUnpaidOn,
    on,
    registered: true,
    ...terminationLetter(
      parent.name,
      {
        contract: first,
        invoices: unpaid.map((b) => ({ number: b.number, month: b.month })),
        sentOn: on,
        amounts,
      },
      policy,
    ),
    amounts,
  });
  await recordFailure({
    what: 'dunning',
    subject: `termination#${c.parentId}#${c.invoice}`,
    error: `contract(s) ${ended.map((k) => k.id).join(', ') || '(none active)'} terminated for non-payment (DUN-8): post the registered letter; undo it if the arrears are paid at once`,
    parentId: c.parentId,
  });
  return 'terminated';
}
