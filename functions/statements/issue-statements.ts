import { today } from '#shared/clock.ts';
import { annualStatementEmail, annualStatementWithheldEmail } from '#shared/messages/annual-statement.ts';
import type { Policy } from '#shared/policy.ts';
import { type AnnualStatementFacts, annualStatementFacts } from '#shared/statements/annual-statement.ts';
import { annualStatementPdf } from '#shared/statements/annual-statement-pdf.ts';
import { openBsn } from '../adapters/bsn-vault.ts';
import { contractsOfParent } from '../adapters/contract-store.ts';
import { sendEmailOnce } from '../adapters/mailer.ts';
import { getParent } from '../adapters/store.ts';
import { recordFailure } from '../adapters/task-store.ts';
import { unpaidInvoices } from '../dunning/terminate-for-arrears.ts';
import { parentAccount } from '../payments/account-store.ts';
import { parentIdsPage, recordIssued, recordWithheld, statementsOfParent } from './statement-store.ts';

/** What became of one statement: issued (e-mailed), withheld (arrears), or failed (with the reason). */
export interface StatementOutcome {
  id: string;
  parentId: string;
  year: number;
  status: 'issued' | 'withheld' | 'failed';
  reason?: string;
  /** Issued on an earlier run: nothing was sent now. */
  earlier?: true;
}

/**
 * INV-8: a parent's statements of a year. With arrears (an invoice found unpaid and not yet paid, a
 * payment plan included) they are withheld and the parent is told once why (art. 14.11); otherwise each
 * is made and e-mailed with its PDF and recorded as issued. Run again, it issues only what was not
 * issued (the e-mail is sent once however often it runs). A contract whose location the policy does not
 * know is a staff task: the statement cannot name its LRK number.
 */
export async function issueStatementsOf(
  parentId: string,
  year: number,
  policy: Policy,
  on = today(),
): Promise<StatementOutcome[]> {
  const parent = await getParent(parentId);
  if (!parent) return [];
  const [account, contracts, recorded] = await Promise.all([
    parentAccount(parentId),
    contractsOfParent(parentId),
    statementsOfParent(parentId),
  ]);
  const { statements, problems } = annualStatementFacts({
    year,
    parentId,
    contracts,
    invoices: account.records,
    balances: account.invoices,
    policy,
  });
  const outcomes: StatementOutcome[] = [];
  for (const problem of problems) {
    const failure = await recordFailure({
      what: 'annual statement',
      subject: `${year}#${problem.contract}`,
      error: `no annual statement ${year} for contract ${problem.contract}: ${problem.problem}`,
      parentId,
    });
    outcomes.push({
      id: `${year}-${parentId}-${problem.contract}`,
      parentId,
      year,
      status: 'failed',
      reason: failure.error,
    });
  }
  const issuedBefore = new Set(recorded.filter((r) => r.status === 'issued').map((r) => r.id));
  const toIssue = statements.filter((s) => !issuedBefore.has(s.id));
  for (const s of statements)
    if (issuedBefore.has(s.id)) outcomes.push({ id: s.id, parentId, year, status: 'issued', earlier: true });
  const unpaid = unpaidInvoices(account.invoices);
  if (unpaid.length && toIssue.length) {
    for (const s of toIssue) {
      await recordWithheld(s, on);
      outcomes.push({ id: s.id, parentId, year, status: 'withheld' });
    }
    await sendEmailOnce(
      annualStatementWithheldEmail(
        parent,
        {
          year,
          ref: `${year}-${parentId}`,
          children: [...new Set(toIssue.map((s) => s.child.name))],
          owed: unpaid.reduce((sum, b) => sum + b.balance, 0),
        },
        policy,
      ),
      { parentId },
    );
    return outcomes;
  }
  const bsn = parent.bsn ? await openBsn(parentId, parent.bsn) : undefined;
  for (const s of toIssue) outcomes.push(await issueOne(s, parent, policy, bsn, on));
  return outcomes;
}

async function issueOne(
  facts: AnnualStatementFacts,
  parent: NonNullable<Awaited<ReturnType<typeof getParent>>>,
  policy: Policy,
  bsn: string | undefined,
  on: string,
): Promise<StatementOutcome> {
  const pdf = await annualStatementPdf({ facts, policy, parent, bsn, issuedOn: on });
  const email = annualStatementEmail(
    parent,
    { year: facts.year, ref: facts.id, child: facts.child.name, location: facts.location.name },
    pdf,
    policy,
  );
  const sent = await sendEmailOnce(email, { parentId: parent.id });
  const base = { id: facts.id, parentId: parent.id, year: facts.year };
  // A send that failed for good is a task already (the mailer's); the statement stays to be issued.
  if (sent.failed) return { ...base, status: 'failed', reason: `e-mail not sent: ${sent.failed}` };
  await recordIssued(facts, on);
  return { ...base, status: 'issued' };
}

/** INV-8: statements withheld for arrears are issued on the day the arrears are paid. */
export async function releaseWithheldStatements(
  parentId: string,
  policy: Policy,
): Promise<StatementOutcome[]> {
  const years = new Set(
    (await statementsOfParent(parentId)).filter((s) => s.status === 'withheld').map((s) => s.year),
  );
  const outcomes: StatementOutcome[] = [];
  for (const year of [...years].sort()) outcomes.push(...(await issueStatementsOf(parentId, year, policy)));
  return outcomes;
}

export interface StatementsPage {
  year: number;
  parents: number;
  /** Issued now (e-mailed on this call). */
  issued: number;
  /** Issued on an earlier call: nothing sent again. */
  issuedBefore: number;
  withheld: number;
  failed: StatementOutcome[];
  /** The last parent of this page, to continue after; absent when every parent has been done. */
  next?: string;
}

/** A page of parents' statements of a year (in parent order, after `after`). */
export async function issueStatementsPage(
  year: number,
  after: string | undefined,
  limit: number,
  policy: Policy,
): Promise<StatementsPage> {
  const page = await parentIdsPage(after, limit);
  const counts = { issued: 0, issuedBefore: 0, withheld: 0, failed: [] as StatementOutcome[] };
  for (const parentId of page.ids)
    for (const outcome of await issueStatementsOf(parentId, year, policy)) {
      if (outcome.status === 'failed') counts.failed.push(outcome);
      else if (outcome.earlier) counts.issuedBefore += 1;
      else counts[outcome.status] += 1;
    }
  return { year, parents: page.ids.length, ...counts, ...(page.next ? { next: page.next } : {}) };
}
