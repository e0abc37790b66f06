import { addDays } from '../calendar.ts';
import { addMonthsToDate } from '../contract-lifecycle.ts';
import { WEEKDAYS } from '../products.ts';
import type { ContractRecord, OfferRecord } from '../records.ts';
import type { Wording } from './common.ts';

const LABELS = {
  nl: {
    child: 'Kind',
    care: 'Opvangvorm',
    location: 'Locatie',
    start: 'Ingangsdatum',
    hoursPerMonth: 'Gemiddeld aantal uren per maand',
    weeks: 'Aantal weken per jaar',
    trial: (months: string, until: string) => `Proefperiode: ${months}, tot en met ${until}`,
  },
  en: {
    child: 'Child',
    care: 'Care',
    location: 'Location',
    start: 'Start date',
    hoursPerMonth: 'Average hours per month',
    weeks: 'Weeks per year',
    trial: (months: string, until: string) => `Trial period: ${months}, until ${until}`,
  },
};

/** CON-1: the terms of care as the offer and the confirmation list them, one per line. */
export function careTermLines(terms: OfferRecord | ContractRecord, say: Wording): string[] {
  const label = LABELS[say.language];
  const lines = [
    `${label.child}: ${terms.child.name}`,
    `${label.care}: ${say.product(terms.product)}`,
    `${label.location}: ${terms.location}`,
    `${label.start}: ${say.date(terms.start)}`,
  ];
  if (terms.schedule) {
    for (const day of WEEKDAYS) {
      const session = terms.schedule[day];
      if (session) lines.push(`  ${say.weekday(day)}: ${session.replace('-', ' - ')}`);
    }
  }
  if (terms.hoursPerMonth !== undefined) lines.push(`${label.hoursPerMonth}: ${terms.hoursPerMonth}`);
  if (terms.weeks !== undefined) lines.push(`${label.weeks}: ${terms.weeks}`);
  if (terms.trialMonths !== undefined) {
    // CON-8: the trial period runs from the start date, for the months agreed.
    const until = addDays(addMonthsToDate(terms.start, terms.trialMonths), -1);
    lines.push(label.trial(say.months(terms.trialMonths), say.date(until)));
  }
  return lines;
}
