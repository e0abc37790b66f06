import { addDays } from './calendar.ts';
import { addMonthsToDate } from './contract-lifecycle.ts';
import type { BookingRecord } from './flex.ts';
import { formatEuro } from './money.ts';
import type { PriceChangeLine } from './price-change.ts';
import { PRODUCT_RULES, WEEKDAYS, type Weekday } from './products.ts';
import type { ContractRecord, OfferRecord, ParentRecord, SwapDay } from './records.ts';

/**
 * Everything a parent reads is rendered here: Dutch by default, English when the parent chose it.
 * An e-mail's `kind` and `ref` (the subject's id) make its idempotency key: one e-mail per kind and subject.
 */
export type EmailKind =
  | 'offer'
  | 'contract-confirmation'
  | 'offer-lapsed'
  | 'invoice'
  | 'contract-change'
  | 'termination-confirmation'
  | 'cancellation'
  | 'extra-care'
  | 'price-change'
  | 'price-change-withdrawn'
  | 'swap-day'
  | 'booking'
  | 'booking-cancellation'
  | 'contract-end';

export interface Email {
  kind: EmailKind;
  ref: string;
  to: string;
  subject: string;
  text: string;
  attachments?: { filename: string; contentType: string; content: Uint8Array }[];
}

const DAY_NAMES: Record<'nl' | 'en', Record<Weekday, string>> = {
  nl: { mon: 'maandag', tue: 'dinsdag', wed: 'woensdag', thu: 'donderdag', fri: 'vrijdag' },
  en: { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday' },
};

export const MONTHS = {
  nl: [
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

/** "5 januari 2027" */
export function longDate(date: string, language: 'nl' | 'en'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[language][m - 1]} ${y}`;
}

function careLines(terms: OfferRecord | ContractRecord, language: 'nl' | 'en'): string[] {
  const nl = language === 'nl';
  const lines = [
    `${nl ? 'Kind' : 'Child'}: ${terms.child.name}`,
    `${nl ? 'Opvangvorm' : 'Care'}: ${PRODUCT_RULES[terms.product].label[language]}`,
    `${nl ? 'Locatie' : 'Location'}: ${terms.location}`,
    `${nl ? 'Ingangsdatum' : 'Start date'}: ${longDate(terms.start, language)}`,
  ];
  if (terms.schedule) {
    for (const day of WEEKDAYS) {
      const session = terms.schedule[day];
      if (session) lines.push(`  ${DAY_NAMES[language][day]}: ${session.replace('-', ' - ')}`);
    }
  }
  if (terms.hoursPerMonth !== undefined)
    lines.push(
      `${nl ? 'Gemiddeld aantal uren per maand' : 'Average hours per month'}: ${terms.hoursPerMonth}`,
    );
  if (terms.weeks !== undefined)
    lines.push(`${nl ? 'Aantal weken per jaar' : 'Weeks per year'}: ${terms.weeks}`);
  if (terms.trialMonths !== undefined) {
    // CON-8: the trial period runs from the start date, for the months agreed.
    const until = addDays(addMonthsToDate(terms.start, terms.trialMonths), -1);
    lines.push(
      nl
        ? `Proefperiode: ${terms.trialMonths === 1 ? 'één maand' : `${terms.trialMonths} maanden`}, tot en met ${longDate(until, 'nl')}`
        : `Trial period: ${terms.trialMonths === 1 ? 'one month' : `${terms.trialMonths} months`}, until ${longDate(until, 'en')}`,
    );
  }
  return lines;
}

function greeting(parent: ParentRecord): string {
  return parent.language === 'nl' ? `Beste ${parent.name},` : `Dear ${parent.name},`;
}

function signature(language: 'nl' | 'en'): string {
  return language === 'nl'
    ? 'Met vriendelijke groet,\nDe afdeling Planning en Plaatsing'
    : 'Kind regards,\nPlacement team';
}

/** CON-2, art. 6: the offer, with the term for acceptance (10 days). */
export function offerEmail(parent: ParentRecord, offer: OfferRecord): Email {
  const lang = parent.language;
  const lastDay = longDate(addDays(offer.lapsesOn, -1), lang);
  const text =
    lang === 'nl'
      ? [
          greeting(parent),
          '',
          `Graag bieden wij ${offer.child.name} een plaats aan:`,
          '',
          ...careLines(offer, lang),
          '',
          `Dit aanbod is geldig tot en met ${lastDay}. Laat u ons binnen 10 dagen weten of u het aanvaardt; daarna vervalt het aanbod.`,
          'Bij annulering tussen ondertekening en ingangsdatum zijn annuleringskosten verschuldigd van één maandbedrag.',
          'Wij gaan vertrouwelijk om met uw gegevens en stellen deze niet aan derden ter beschikking, behoudens wettelijke uitzonderingen.',
          '',
          signature(lang),
        ]
      : [
          greeting(parent),
          '',
          `We are pleased to offer ${offer.child.name} a place:`,
          '',
          ...careLines(offer, lang),
          '',
          `This offer is valid until ${lastDay} inclusive. Please let us know within 10 days whether you accept it; after that it lapses.`,
          'Cancelling between signing and the start date costs one monthly amount.',
          'We treat your data confidentially and do not share it with third parties, except where the law requires.',
          '',
          signature(lang),
        ];
  return {
    kind: 'offer',
    ref: offer.id,
    to: parent.email,
    subject:
      lang === 'nl'
        ? `Aanbod kinderopvang voor ${offer.child.name}`
        : `Childcare offer for ${offer.child.name}`,
    text: text.join('\n'),
  };
}

/** Art. 7.3: the agreement confirmed in writing. */
export function contractConfirmationEmail(parent: ParentRecord, contract: ContractRecord): Email {
  const lang = parent.language;
  const text =
    lang === 'nl'
      ? [
          greeting(parent),
          '',
          `Hartelijk dank voor het aanvaarden van ons aanbod. Hierbij bevestigen wij de overeenkomst (nummer ${contract.id}):`,
          '',
          ...careLines(contract, lang),
          `Einddatum: ${longDate(contract.end, lang)} (de dag voor de ${PRODUCT_RULES[contract.product].endsAtAge}e verjaardag), tenzij anders overeengekomen.`,
          '',
          'De opzegtermijn is één maand. Betaling gaat maandelijks vooraf via automatische incasso.',
          '',
          signature(lang),
        ]
      : [
          greeting(parent),
          '',
          `Thank you for accepting our offer. We confirm the agreement (number ${contract.id}):`,
          '',
          ...careLines(contract, lang),
          `End date: ${longDate(contract.end, lang)} (the day before the ${PRODUCT_RULES[contract.product].endsAtAge}th birthday), unless agreed otherwise.`,
          '',
          'The notice period is one month. Payment is monthly in advance by direct debit.',
          '',
          signature(lang),
        ];
  return {
    kind: 'contract-confirmation',
    ref: contract.id,
    to: parent.email,
    subject:
      lang === 'nl'
        ? `Bevestiging overeenkomst kinderopvang ${contract.child.name}`
        : `Childcare agreement confirmed for ${contract.child.name}`,
    text: text.join('\n'),
  };
}

/** CON-2: the parent is told that the offer lapsed. */
export function offerLapsedEmail(parent: ParentRecord, offer: OfferRecord): Email {
  const lang = parent.language;
  const lastDay = longDate(addDays(offer.lapsesOn, -1), lang);
  const text =
    lang === 'nl'
      ? [
          greeting(parent),
          '',
          `Ons aanbod voor ${offer.child.name} (${PRODUCT_RULES[offer.product].label.nl}, ${offer.location}) was geldig tot en met ${lastDay}. Omdat wij geen aanvaarding hebben ontvangen, is het aanbod vervallen.`,
          'Wilt u toch gebruikmaken van onze opvang? Neem dan contact met ons op; wij kijken graag naar de mogelijkheden.',
          '',
          signature(lang),
        ]
      : [
          greeting(parent),
          '',
          `Our offer for ${offer.child.name} (${PRODUCT_RULES[offer.product].label.en}, ${offer.location}) was valid until ${lastDay}. As we did not receive your acceptance, the offer has lapsed.`,
          'If you would still like a place, please contact us and we will look at the options.',
          '',
          signature(lang),
        ];
  return {
    kind: 'offer-lapsed',
    ref: offer.id,
    to: parent.email,
    subject:
      lang === 'nl' ? `Aanbod voor ${offer.child.name} vervallen` : `Offer for ${offer.child.name} lapsed`,
    text: text.join('\n'),
  };
}

export function simpleEmail(
  parent: ParentRecord,
  kind: EmailKind,
  ref: string,
  subject: { nl: string; en: string },
  body: { nl: string[]; en: string[] },
): Email {
  const lang = parent.language;
  return {
    kind,
    ref,
    to: parent.email,
    subject: subject[lang],
    text: [greeting(parent), '', ...body[lang], '', signature(lang)].join('\n'),
  };
}

/** CON-4: a change confirmed, with the date it takes effect and the fee from the third change in a year. */
export function contractChangeEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  change: { effective: string; ref: string },
  fee: number,
): Email {
  const child = contract.child.name;
  return simpleEmail(
    parent,
    'contract-change',
    change.ref,
    { nl: `Wijziging overeenkomst ${child}`, en: `Change to the agreement for ${child}` },
    {
      nl: [
        `Wij hebben de wijziging van de overeenkomst ${contract.id} (${child}) verwerkt. Zij gaat in op ${longDate(change.effective, 'nl')}.`,
        fee
          ? `Dit is de derde of volgende wijziging dit kalenderjaar: hiervoor brengen wij ${formatEuro(fee)} in rekening op de volgende factuur.`
          : 'Deze wijziging is kosteloos.',
      ],
      en: [
        `We have processed the change to agreement ${contract.id} (${child}). It takes effect on ${longDate(change.effective, 'en')}.`,
        fee
          ? `This is the third or later change this calendar year: ${formatEuro(fee)} will be charged on the next invoice.`
          : 'This change is free of charge.',
      ],
    },
  );
}

/** CON-6: notice confirmed, with the last day of care; the final settlement follows on the invoices. */
export function terminationConfirmationEmail(parent: ParentRecord, contract: ContractRecord): Email {
  const child = contract.child.name;
  return simpleEmail(
    parent,
    'termination-confirmation',
    contract.id,
    { nl: `Bevestiging opzegging ${child}`, en: `Notice confirmed for ${child}` },
    {
      nl: [
        `Wij hebben uw opzegging van overeenkomst ${contract.id} (${child}) ontvangen. Met inachtneming van de opzegtermijn van één maand is de laatste opvangdag ${longDate(contract.end, 'nl')}.`,
        'De eindafrekening verwerken wij in de laatste factuur.',
      ],
      en: [
        `We have received your notice for agreement ${contract.id} (${child}). With the notice period of one month, the last day of care is ${longDate(contract.end, 'en')}.`,
        'The final settlement is part of the last invoice.',
      ],
    },
  );
}

/** CON-5: cancelled before the start, at the cost of one month. */
export function cancellationEmail(parent: ParentRecord, contract: ContractRecord, fee: number): Email {
  const child = contract.child.name;
  return simpleEmail(
    parent,
    'cancellation',
    contract.id,
    { nl: `Annulering overeenkomst ${child}`, en: `Agreement for ${child} cancelled` },
    {
      nl: [
        `Wij hebben de overeenkomst ${contract.id} (${child}) geannuleerd vóór de ingangsdatum.`,
        `De annuleringskosten bedragen één maandbedrag: ${formatEuro(fee)}, op de volgende factuur.`,
      ],
      en: [
        `We have cancelled agreement ${contract.id} (${child}) before its start date.`,
        `The cancellation fee is one monthly amount: ${formatEuro(fee)}, on the next invoice.`,
      ],
    },
  );
}

/** TAR-2: extra care confirmed, with its price and the invoice that carries it. */
export function extraCareEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  extra: { id: string; date: string; hours: number; amount: number; billMonth: string },
): Email {
  const child = contract.child.name;
  return simpleEmail(
    parent,
    'extra-care',
    extra.id,
    {
      nl: `Extra opvang ${child} op ${longDate(extra.date, 'nl')}`,
      en: `Extra care for ${child} on ${longDate(extra.date, 'en')}`,
    },
    {
      nl: [
        `Wij bevestigen extra opvang voor ${child} op ${longDate(extra.date, 'nl')} (${extra.hours} uur): ${formatEuro(extra.amount)}, op de factuur van ${extra.billMonth}.`,
      ],
      en: [
        `We confirm extra care for ${child} on ${longDate(extra.date, 'en')} (${extra.hours} hours): ${formatEuro(extra.amount)}, on the invoice for ${extra.billMonth}.`,
      ],
    },
  );
}

/** TAR-6: a price change announced one notice period ahead, per contract the old and new rate. */
export function priceChangeEmail(parent: ParentRecord, from: string, lines: PriceChangeLine[]): Email {
  const row = (l: PriceChangeLine, lang: 'nl' | 'en') =>
    `- ${l.child}, ${PRODUCT_RULES[l.product].label[lang]} (${l.contract}): ${formatEuro(l.oldRate)} → ${formatEuro(l.newRate)} ${lang === 'nl' ? 'per uur; nieuw maandbedrag' : 'per hour; new monthly amount'} ${formatEuro(l.newMonthly)}`;
  return simpleEmail(
    parent,
    'price-change',
    `${from}#${parent.id}`,
    {
      nl: `Nieuwe tarieven per ${longDate(from, 'nl')}`,
      en: `New rates from ${longDate(from, 'en')}`,
    },
    {
      nl: [
        `Per ${longDate(from, 'nl')} wijzigen onze uurtarieven. Voor uw overeenkomst(en) betekent dit:`,
        '',
        ...lines.map((l) => row(l, 'nl')),
        '',
        'Wij kondigen deze wijziging ten minste één maand van tevoren aan. U kunt de overeenkomst met inachtneming van de opzegtermijn van één maand opzeggen als u niet met de wijziging instemt.',
      ],
      en: [
        `From ${longDate(from, 'en')} our hourly rates change. For your agreement(s) this means:`,
        '',
        ...lines.map((l) => row(l, 'en')),
        '',
        "We announce this change at least one month ahead. If you do not agree with it, you may end the agreement with one month's notice.",
      ],
    },
  );
}

/** CON-9: a swap day confirmed; the contract's hours stay billed as agreed. */
export function swapDayEmail(parent: ParentRecord, contract: ContractRecord, swap: SwapDay): Email {
  const child = contract.child.name;
  return simpleEmail(
    parent,
    'swap-day',
    `${contract.id}-${swap.missed}`,
    { nl: `Ruildag ${child}`, en: `Swap day for ${child}` },
    {
      nl: [
        `Wij bevestigen de ruildag voor ${child}: in plaats van ${longDate(swap.missed, 'nl')} komt ${child} op ${longDate(swap.swap, 'nl')}.`,
        'Uw maandbedrag blijft gelijk.',
      ],
      en: [
        `We confirm the swap day for ${child}: instead of ${longDate(swap.missed, 'en')}, ${child} comes on ${longDate(swap.swap, 'en')}.`,
        'Your monthly amount stays the same.',
      ],
    },
  );
}

/** INV-3: a day of flexible care booked. */
export function bookingEmail(parent: ParentRecord, contract: ContractRecord, booking: BookingRecord): Email {
  const child = contract.child.name;
  return simpleEmail(
    parent,
    'booking',
    `${contract.id}-${booking.date}-${booking.seq}`,
    {
      nl: `Boeking ${child} op ${longDate(booking.date, 'nl')}`,
      en: `Booking for ${child} on ${longDate(booking.date, 'en')}`,
    },
    {
      nl: [
        `Wij bevestigen de opvang van ${child} op ${longDate(booking.date, 'nl')}: ${booking.hours} uur.`,
        'Uren boven het afgesproken gemiddelde per maand brengen wij de maand erna in rekening. Annuleert u minder dan een week van tevoren, dan blijven de uren verschuldigd.',
      ],
      en: [
        `We confirm care for ${child} on ${longDate(booking.date, 'en')}: ${booking.hours} hours.`,
        'Hours beyond the agreed monthly average are billed the month after. Cancelled less than a week ahead, the hours are still due.',
      ],
    },
  );
}

/** INV-3: a booking cancelled, and whether its hours are still billed. */
export function bookingCancellationEmail(
  parent: ParentRecord,
  contract: ContractRecord,
  booking: BookingRecord,
): Email {
  const child = contract.child.name;
  const late = booking.status === 'cancelled-late';
  return simpleEmail(
    parent,
    'booking-cancellation',
    `${contract.id}-${booking.date}-${booking.seq}`,
    {
      nl: `Annulering boeking ${child} op ${longDate(booking.date, 'nl')}`,
      en: `Booking for ${child} on ${longDate(booking.date, 'en')} cancelled`,
    },
    {
      nl: [
        `Wij hebben de boeking van ${child} op ${longDate(booking.date, 'nl')} geannuleerd.`,
        late
          ? `De annulering kwam minder dan een week van tevoren: de ${booking.hours} uur blijven verschuldigd.`
          : 'De uren worden niet in rekening gebracht.',
      ],
      en: [
        `We have cancelled the booking for ${child} on ${longDate(booking.date, 'en')}.`,
        late
          ? `The cancellation came less than a week ahead: the ${booking.hours} hours are still due.`
          : 'The hours will not be charged.',
      ],
    },
  );
}

/** CON-3: the contract ends by itself at the age limit; the parent hears it a month ahead. */
export function contractEndEmail(parent: ParentRecord, contract: ContractRecord): Email {
  const child = contract.child.name;
  const next =
    PRODUCT_RULES[contract.product].careType === 'day-care'
      ? {
          nl: 'Wilt u dat uw kind na de dagopvang naar de buitenschoolse opvang gaat? Vraag dan tijdig een nieuw aanbod aan.',
          en: 'Would you like your child to go on to out-of-school care? Ask us for a new offer in good time.',
        }
      : { nl: 'Wij danken u voor het vertrouwen.', en: 'Thank you for your trust.' };
  return simpleEmail(
    parent,
    'contract-end',
    contract.id,
    {
      nl: `Einde overeenkomst ${child} op ${longDate(contract.end, 'nl')}`,
      en: `Agreement for ${child} ends on ${longDate(contract.end, 'en')}`,
    },
    {
      nl: [
        `De overeenkomst ${contract.id} (${child}, ${PRODUCT_RULES[contract.product].label.nl}) eindigt vanzelf op ${longDate(contract.end, 'nl')}, de dag vóór de ${PRODUCT_RULES[contract.product].endsAtAge}e verjaardag. U hoeft niets op te zeggen.`,
        next.nl,
      ],
      en: [
        `Agreement ${contract.id} (${child}, ${PRODUCT_RULES[contract.product].label.en}) ends by itself on ${longDate(contract.end, 'en')}, the day before the ${PRODUCT_RULES[contract.product].endsAtAge}th birthday. You need not give notice.`,
        next.en,
      ],
    },
  );
}
