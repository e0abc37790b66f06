import { type Email, longDate, simpleEmail } from '../emails.ts';
import type { PriceChangeLine } from '../price-change.ts';
import type { ParentRecord } from '../records.ts';

/**
 * TAR-6: an announced price change is withdrawn before it takes effect. Every parent who was told of it
 * is told that the rates stay as they are, for the same contracts the announcement named.
 */
export function priceChangeWithdrawnEmail(
  parent: ParentRecord,
  from: string,
  lines: PriceChangeLine[],
): Email {
  const contracts = lines.map((l) => `- ${l.child} (${l.contract})`);
  return simpleEmail(
    parent,
    'price-change-withdrawn',
    `${from}#${parent.id}`,
    {
      nl: `Tariefwijziging per ${longDate(from, 'nl')} gaat niet door`,
      en: `The change of rates from ${longDate(from, 'en')} is withdrawn`,
    },
    {
      nl: [
        `Wij hebben u een wijziging van onze uurtarieven per ${longDate(from, 'nl')} aangekondigd. Deze wijziging gaat niet door: de huidige tarieven blijven gelden voor:`,
        '',
        ...contracts,
      ],
      en: [
        `We announced a change of our hourly rates from ${longDate(from, 'en')}. That change is withdrawn: the current rates stay in force for:`,
        '',
        ...contracts,
      ],
    },
  );
}
