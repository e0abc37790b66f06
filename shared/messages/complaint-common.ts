import type { ComplaintDeadlines } from '../complaints/deadlines.ts';
import type { ComplaintBodies } from '../policy.ts';
import type { ParentRecord } from '../records.ts';
import type { Language, Wording } from './common.ts';

/**
 * KLA-2..7: what every complaint message is written from. The complainant comes from the web form (a
 * parent, or the parents' committee's contact): not necessarily a parent on record, so the message is
 * addressed to the name and e-mail the form gave. Their text is quoted as plain text.
 */
export interface ComplaintFacts {
  id: string;
  complainant: { name: string; email: string; language?: Language };
  submittedOn: string;
  location: string;
  category: 'care' | 'money' | 'other';
  deadlines: ComplaintDeadlines;
}

export const CATEGORY: Record<Language, Record<ComplaintFacts['category'], string>> = {
  nl: {
    care: 'de opvang of bejegening',
    money: 'het contract, de prijs, een factuur of de openingstijden',
    other: 'een ander onderwerp',
  },
  en: {
    care: 'the care or conduct',
    money: 'the contract, the price, an invoice or the opening hours',
    other: 'another subject',
  },
};

/** The addressee as `emailTo` takes it: the form's name, e-mail and language. */
export function complainant(facts: ComplaintFacts): ParentRecord {
  return {
    type: 'parent',
    id: facts.id,
    name: facts.complainant.name,
    email: facts.complainant.email,
    language: facts.complainant.language ?? 'nl',
  };
}

/** KLA-5, KLA-6: the external steps, with the bodies' contact details and the last day to file. */
export function nextStepsLines(
  language: Language,
  say: Wording,
  bodies: ComplaintBodies,
  externalBy: string,
): string[] {
  const loket = bodies.klachtenloket;
  const gc = bodies.geschillencommissie;
  return language === 'nl'
    ? [
        `Voor informatie, advies en bemiddeling kunt u terecht bij het ${loket.name}: ${loket.phone} (${loket.hours.nl}) of ${loket.email}.`,
        `U kunt uw klacht ook voorleggen aan ${gc.name} (${gc.website}, ${gc.phone}). Die doet een bindende uitspraak; u betaalt klachtengeld, dat u terugkrijgt als u in het gelijk wordt gesteld. Dien uw klacht daar uiterlijk ${say.date(externalBy)} in: binnen 12 maanden na uw klacht bij ons.`,
      ]
    : [
        `For information, advice and mediation you can turn to the ${loket.name}: ${loket.phone} (${loket.hours.en}) or ${loket.email}.`,
        `You can also take your complaint to ${gc.name} (${gc.website}, ${gc.phone}). It gives a binding decision; you pay a complaint fee, refunded if you are proved right. File it there by ${say.date(externalBy)} at the latest: within 12 months of your complaint to us.`,
      ];
}
