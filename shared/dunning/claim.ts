import { csvField } from '../csv.ts';
import { decimalAmount } from '../money.ts';
import type { DunningAmounts } from './ladder.ts';

/**
 * DUN-4: the claim handed to the collection agency, one CSV line per invoice (`;`-separated, as Dutch
 * spreadsheets read it), with its amounts in euros and the letters and e-mails sent before.
 */
export interface Claim {
  invoice: string;
  parentId: string;
  parentName: string;
  email: string;
  address?: { street: string; postcode: string; city: string };
  month: string;
  dueOn: string;
  foundUnpaidOn: string;
  amounts: DunningAmounts;
  /** What was sent, in order: `reminder-1 2027-03-02 (e-mail)`. */
  sent: string[];
}

const HEADER = [
  'invoice',
  'parent',
  'name',
  'email',
  'address',
  'month',
  'due',
  'found_unpaid',
  'principal',
  'fees',
  'interest',
  'total',
  'sent',
];

export function claimCsv(claims: Claim[]): string {
  const rows = claims.map((c) =>
    [
      c.invoice,
      c.parentId,
      c.parentName,
      c.email,
      c.address ? `${c.address.street}, ${c.address.postcode} ${c.address.city}` : '',
      c.month,
      c.dueOn,
      c.foundUnpaidOn,
      decimalAmount(c.amounts.principal),
      decimalAmount(c.amounts.fees),
      decimalAmount(c.amounts.interest),
      decimalAmount(c.amounts.total),
      c.sent.join(' | '),
    ]
      .map(csvField)
      .join(';'),
  );
  return `${[HEADER.map(csvField).join(';'), ...rows].join('\r\n')}\r\n`;
}
