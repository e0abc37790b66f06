import { PDFDocument } from 'pdf-lib';
import { isoDate } from '#shared/records.ts';
import { readExportBytes } from '../adapters/exports.ts';
import { HttpError, httpHandler, json } from '../adapters/http.ts';
import { getParent } from '../adapters/store.ts';
import { lettersOn } from './letter-store.ts';
import { letterPdfFor } from './letters.ts';

/**
 * GET /letters?date=YYYY-MM-DD (admin, issue 10 item 3): the day's letters (DUN-3, DUN-8) as one PDF to
 * print, each letter on its own page(s), in the order of kind and invoice number. A letter whose parent
 * had no address when it was sent prints here once the address has been added. A day without letters
 * to print answers 200 with JSON `{date, letters: []}` (and `withoutAddress`: the letters still waiting
 * for one): nothing to print is not an error, and the content type tells the two answers apart.
 */
export const handler = httpHandler(async (event) => {
  const date = dateParameter(event.queryStringParameters?.date);
  const pdfs: Uint8Array[] = [];
  const withoutAddress: { id: string; parentId: string; invoice: string }[] = [];
  for (const letter of await lettersOn(date)) {
    if (letter.file) {
      pdfs.push(await readExportBytes(letter.file));
      continue;
    }
    const parent = await getParent(letter.parentId);
    if (parent?.address && letter.content)
      pdfs.push(await letterPdfFor({ ...parent, address: parent.address }, letter, letter.content));
    else withoutAddress.push({ id: letter.id, parentId: letter.parentId, invoice: letter.invoice });
  }
  if (!pdfs.length) return json(200, { date, letters: [], withoutAddress });
  const merged = await PDFDocument.create();
  merged.setTitle(`Brieven ${date}`);
  for (const bytes of pdfs) {
    const letter = await PDFDocument.load(bytes);
    for (const page of await merged.copyPages(letter, letter.getPageIndices())) merged.addPage(page);
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="brieven-${date}.pdf"`,
    },
    body: Buffer.from(await merged.save({ useObjectStreams: false })).toString('base64'),
    isBase64Encoded: true,
  };
});

/** `?date=`: 400 naming the field when it is missing or not a date. */
function dateParameter(value: string | undefined): string {
  const parsed = isoDate.safeParse(value);
  if (value && parsed.success) return parsed.data;
  throw new HttpError(400, {
    error: 'invalid request',
    issues: [{ field: 'date', problem: value ? 'must be a date as YYYY-MM-DD' : 'is required' }],
  });
}
