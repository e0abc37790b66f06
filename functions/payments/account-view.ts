import type { ParentAccount } from './account-store.ts';

/**
 * The account as the API shows it (issue 9 item 1): the balance, what is owed and the credit; per invoice
 * its total, what was paid, fees, interest and what is open, its status and the day it was found unpaid;
 * every entry in date order with the balance after it, and its source.
 */
export function accountView(account: ParentAccount) {
  return {
    parent: account.parentId,
    balance: account.balance,
    owed: account.owed,
    credit: account.credit,
    invoices: account.invoices,
    entries: account.lines,
  };
}
