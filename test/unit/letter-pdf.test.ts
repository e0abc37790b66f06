import { describe, expect, it } from 'vitest';
import { type LetterInput, letterPdf, postcodeLine, WINDOW } from '#shared/letters/letter-pdf.ts';
import { secondReminderLetter, terminationLetter } from '#shared/messages/dunning-letters.ts';
import { formatEuro } from '#shared/money.ts';
import { ACCRETE_2020, WIK_COMPLIANT } from '#shared/policy.ts';
import { describeIssues, parentInput } from '#shared/records.ts';
import {
  glyphsWithoutOutline,
  type PlacedText,
  pdfPlacedText,
  pdfTextOnOneLine,
} from '../support/pdf-reading.ts';

/**
 * Issue 10 item 3 (DUN-3, DUN-8, CON-7), offline: the letters a person prints, folds in three and posts
 * in a standard Dutch window envelope (EA5/6). Read back with pdf.js: the address stands where the
 * window shows it and nothing else does, every name prints, the termination letter is marked
 * AANGETEKEND, and the amounts are stated. And the postal address a parent is given: a Dutch postcode.
 */
const MM = 72 / 25.4;
const PAGE_HEIGHT = 841.89;
const AMOUNTS = { principal: 74_707, fees: 7_000, interest: 123, total: 81_830 };

/** As pdf.js reads an amount back: the no-break space after the euro sign is a space. */
const euro = (cents: number) => formatEuro(cents).replace(/\s/g, ' ');

const addressOf = { street: 'Kerkstraat 12-A', postcode: '1017 GC', city: 'Amsterdam' };

async function reminderLetter(name: string, address = addressOf): Promise<Uint8Array> {
  const text = secondReminderLetter(
    name,
    { invoice: '2027-000001', month: '2027-03', sentOn: '2027-03-16', amounts: AMOUNTS },
    ACCRETE_2020,
  );
  return letterPdf({
    policy: ACCRETE_2020,
    parent: { name, address },
    date: '2027-03-16',
    kind: 'reminder-2',
    ...text,
    amounts: AMOUNTS,
  });
}

function termination(name: string): Promise<Uint8Array> {
  const input: LetterInput = {
    policy: ACCRETE_2020,
    parent: { name, address: { street: 'Oudegracht 231', postcode: '3511 NK', city: "'s-Hertogenbosch" } },
    date: '2027-04-02',
    kind: 'termination',
    ...terminationLetter(
      name,
      {
        contract: { id: 'c2', child: 'Nguyễn Văn Đức' },
        invoices: [
          { number: '2027-000001', month: '2027-03' },
          { number: '2027-000007', month: '2027-04' },
        ],
        sentOn: '2027-04-02',
        amounts: AMOUNTS,
      },
      ACCRETE_2020,
    ),
    amounts: AMOUNTS,
  };
  return letterPdf(input);
}

/** In mm from the page's top-left corner: the run's box, its ascent and descent included. */
function box(t: PlacedText) {
  return {
    left: t.x / MM,
    right: (t.x + t.width) / MM,
    top: (PAGE_HEIGHT - (t.y + t.height)) / MM,
    bottom: (PAGE_HEIGHT - (t.y - 0.3 * t.height)) / MM,
  };
}

const insideWindow = (t: PlacedText) => {
  const b = box(t);
  return b.left >= WINDOW.left && b.right <= WINDOW.right && b.top >= WINDOW.top && b.bottom <= WINDOW.bottom;
};

/**
 * What an EA5/6 window (90 × 45 mm, 20 mm from the left and 15 mm from the bottom of a 110 × 220 mm
 * envelope) can show of the folded page as it moves in the envelope: 20–110 mm across, 39–95 mm down.
 */
const visibleThroughSomeWindow = (t: PlacedText) => {
  const b = box(t);
  return t.page === 1 && b.right > 20 && b.left < 110 && b.bottom > 39 && b.top < 95;
};

describe('issue 10 item 3, DUN-3: the second reminder as a letter for a window envelope', () => {
  it('puts the return address and the name, street and postcode with the place in capitals inside the window, and nothing else where a window can show it', async () => {
    const placed = await pdfPlacedText(await reminderLetter('Şükrü Yılmaz'));
    const shown = placed.filter(visibleThroughSomeWindow);
    expect(shown.map((t) => t.text)).toEqual([
      'Retour: Kinderopvang Accrete B.V., Stationsplein 12, 3511 ED Utrecht',
      'Şükrü Yılmaz',
      'Kerkstraat 12-A',
      // PostNL's two spaces before the place: pdf.js reads any run of spaces as one.
      '1017 GC AMSTERDAM',
    ]);
    for (const line of shown) expect(insideWindow(line), line.text).toBe(true);
    // PostNL: 10 pt for the address, the return address smaller.
    expect(shown.slice(1).map((t) => Math.round(t.height))).toEqual([10, 10, 10]);
  });

  it('writes the postcode and the place as PostNL asks: two spaces, the place in capitals', () => {
    expect(postcodeLine({ street: 'Markt 1', postcode: '5211 JV', city: "'s-Hertogenbosch" })).toBe(
      "5211 JV  'S-HERTOGENBOSCH",
    );
    expect(postcodeLine({ street: 'Markt 1', postcode: '3401 DJ', city: 'IJsselstein' })).toBe(
      '3401 DJ  IJSSELSTEIN',
    );
  });

  it('prints Turkish, Polish and Vietnamese names with a glyph for every letter', async () => {
    for (const name of ['Şükrü Yılmaz', 'Łucja Wiśniewska', 'Nguyễn Thị Minh Khai']) {
      const pdf = await reminderLetter(name);
      const text = await pdfTextOnOneLine(pdf);
      expect(text).toContain(name); // in the window
      expect(text).toContain(`Beste ${name},`);
      expect((await glyphsWithoutOutline(pdf)).flatMap((f) => f.text)).toEqual([]);
    }
  });

  it('states the amounts after payments (principal, fees, interest, total), the pay-by day and what follows non-payment', async () => {
    const text = await pdfTextOnOneLine(await reminderLetter('Łucja Wiśniewska'));
    for (const amount of [AMOUNTS.principal, AMOUNTS.fees, AMOUNTS.interest, AMOUNTS.total])
      expect(text).toContain(euro(amount));
    expect(text).toContain('Totaal te betalen');
    expect(text).toContain('Betreft: Tweede herinnering factuur 2027-000001 (maart 2027)');
    expect(text).toContain('Utrecht, 16 maart 2027');
    // DUN-3: pay within 7 days (the policy's), by 23 March.
    expect(text).toContain('binnen een week betalen, uiterlijk 23 maart 2027');
    expect(text).toContain('NL20 INGB 0001 2345 67');
    expect(text).toContain('de opvang stopzetten en de vordering uit handen geven aan een incassobureau');
    expect(text).toContain('jeugdconsulent');
    expect(text).not.toContain('AANGETEKEND');
    expect(text).toContain('Administratiekosten');
  });

  it("DUN-12: names the statutory scale's costs Incassokosten, not an administration fee, under wik-compliant", async () => {
    const name = 'Łucja Wiśniewska';
    const facts = { invoice: '2027-000001', month: '2027-03', sentOn: '2027-03-23', amounts: AMOUNTS };
    const text = await pdfTextOnOneLine(
      await letterPdf({
        policy: WIK_COMPLIANT,
        parent: { name, address: addressOf },
        date: '2027-03-23',
        kind: 'reminder-2',
        ...secondReminderLetter(name, facts, WIK_COMPLIANT),
        amounts: AMOUNTS,
      }),
    );
    expect(text).toContain('Incassokosten');
    expect(text).not.toContain('Administratiekosten');
  });

  it('keeps a 140-character name whole inside the window, in a smaller size', async () => {
    const name =
      'Anna-Sofie Jacoba Wilhelmina von Oldenbarnevelt-Tjarda van Starkenborgh Stachouwer-Wijnbergen tot Dorth-Haag en Şükrü Yılmaz-Wiśniewska';
    const placed = await pdfPlacedText(
      await reminderLetter(name, {
        street: 'Burgemeester van Karnebeek-Oudemansstraat 1234-bis',
        postcode: '9999 ZZ',
        city: 'Westerhaar-Vriezenveensewijk',
      }),
    );
    const shown = placed.filter(visibleThroughSomeWindow);
    for (const line of shown) expect(insideWindow(line), line.text).toBe(true);
    expect(
      shown
        .slice(1)
        .map((t) => t.text)
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toContain(name);
    expect(shown.at(-1)?.text).toBe('9999 ZZ WESTERHAAR-VRIEZENVEENSEWIJK');
  });
});

describe('issue 10 item 3, DUN-8, CON-7: the termination letter, by registered post', () => {
  it('is marked AANGETEKEND inside the window, above the address', async () => {
    const placed = await pdfPlacedText(await termination('Nguyễn Thị Minh Khai'));
    const shown = placed.filter(visibleThroughSomeWindow);
    expect(shown.map((t) => t.text)).toEqual([
      'Retour: Kinderopvang Accrete B.V., Stationsplein 12, 3511 ED Utrecht',
      'AANGETEKEND',
      'Nguyễn Thị Minh Khai',
      'Oudegracht 231',
      "3511 NK 'S-HERTOGENBOSCH",
    ]);
    for (const line of shown) expect(insideWindow(line), line.text).toBe(true);
  });

  it('says the contract ends at once because two monthly invoices are unpaid, how to undo it, and the arrears', async () => {
    const text = await pdfTextOnOneLine(await termination('Nguyễn Thị Minh Khai'));
    expect(text).toContain('2027-000001 (maart 2027) en 2027-000007 (april 2027)');
    expect(text).toContain('2 maandbedragen open');
    expect(text).toContain(
      'beëindigen wij daarom de overeenkomst c2 voor de opvang van Nguyễn Văn Đức met ingang van 2 april 2027',
    );
    expect(text).toContain('ongedaan maken door de hele achterstand direct te betalen');
    expect(text).toContain('aangetekend');
    expect(text).toContain(euro(AMOUNTS.total));
  });
});

describe("issue 10 item 3: a parent's postal address, with a Dutch postcode", () => {
  const parent = (address: unknown) =>
    parentInput.safeParse({ name: 'Şükrü Yılmaz', email: 'sukru@example.nl', address });
  const issues = (address: unknown) => {
    const parsed = parent(address);
    return parsed.success ? [] : describeIssues(parsed.error);
  };
  const at = (postcode: string) => ({ street: 'Kerkstraat 12-A', postcode, city: 'Amsterdam' });

  it('writes the postcode as 1234 AB, with or without the space, in any case', () => {
    for (const written of ['1017 GC', '1017GC', '1017 gc', ' 1017gc '])
      expect(parent(at(written)).data?.address?.postcode).toBe('1017 GC');
  });

  it('refuses what is not a Dutch postcode, naming address.postcode', () => {
    for (const postcode of [
      '0123 AB',
      '123 AB',
      '12345 AB',
      '1234 A',
      '1234-AB',
      '1234  AB',
      'AB 1234',
      '1234 ÄB',
      '',
    ])
      expect(issues(at(postcode)), postcode).toEqual([
        { field: 'address.postcode', problem: 'must be a Dutch postcode like 1234 AB' },
      ]);
    for (const postcode of ['1234 SA', '1234 sd', '1234SS'])
      expect(issues(at(postcode)), postcode).toEqual([
        { field: 'address.postcode', problem: 'must not end in SA, SD or SS (never issued)' },
      ]);
  });

  it('holds street and city to one line of text and their lengths, naming the field', () => {
    expect(issues({ ...at('1017 GC'), street: 'x'.repeat(101) })).toEqual([
      { field: 'address.street', problem: 'must be at most 100 characters' },
    ]);
    expect(issues({ ...at('1017 GC'), city: 'Amster\ndam' })).toEqual([
      { field: 'address.city', problem: 'must not contain control characters (line breaks, tabs)' },
    ]);
    expect(issues({ street: 'Kerkstraat 1', postcode: '1017 GC' })).toEqual([
      { field: 'address.city', problem: 'is required' },
    ]);
    expect(issues({ ...at('1017 GC'), country: 'NL' })).toHaveLength(1);
  });

  it('is optional: a parent without an address is still a parent (a letter becomes a staff task)', () => {
    expect(parent(undefined).success).toBe(true);
  });
});
