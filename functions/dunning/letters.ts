import { type LetterKind, letterPdf } from '#shared/letters/letter-pdf.ts';
import { policyNamed } from '#shared/policy.ts';
import type { ParentRecord } from '#shared/records.ts';
import { environment } from '../adapters/environment.ts';
import { writeExport } from '../adapters/exports.ts';
import { getParent } from '../adapters/store.ts';
import { recordFailure } from '../adapters/task-store.ts';
import { getLetter, type LetterContent, type LetterRecord, putLetterOnce } from './letter-store.ts';

/**
 * Letters by post (issue 10 item 3): the second reminder (DUN-3) and the termination by registered post
 * (DUN-8, CON-7). One letter per kind, invoice and dunning case, whatever is retried: a retried step, a
 * stream record delivered twice or a restart finds the letter written before and writes none.
 */
export interface LetterRequest extends LetterContent {
  kind: LetterKind;
  parentId: string;
  invoice: string;
  /** The dunning case (the day the invoice was found unpaid): a second case is a second letter. */
  caseRef: string;
  /** The day it is sent: its date, and the day it is printed with (GET /letters?date=). */
  on: string;
  /** AANGETEKEND: the termination letter is, unless told otherwise (CON-7). */
  registered?: boolean;
}

/** Where a letter's PDF goes in the exports store. */
export function letterFile(letter: Pick<LetterRecord, 'on' | 'kind' | 'invoice'>): string {
  return `letters/${letter.on}/${letter.kind}-${letter.invoice}.pdf`;
}

/** The letter's PDF for a parent with an address. */
export function letterPdfFor(
  parent: ParentRecord & { address: NonNullable<ParentRecord['address']> },
  letter: Pick<LetterRecord, 'on' | 'kind' | 'registered'>,
  content: LetterContent,
): Promise<Uint8Array> {
  return letterPdf({
    policy: policyNamed(environment.policyName()),
    parent: { name: parent.name, address: parent.address },
    date: letter.on,
    kind: letter.kind,
    registered: letter.registered,
    ...content,
  });
}

/**
 * Writes the letter's PDF to the exports store and records it, once. A parent without a postal address
 * gets no PDF: a staff task says so (never a silent skip) and the record keeps what the letter says, so
 * that it prints with its day once the address is added.
 */
export async function sendLetter(request: LetterRequest): Promise<LetterRecord> {
  const { kind, parentId, invoice, caseRef, on, registered, ...content } = request;
  const id = `${kind}#${invoice}#${caseRef}`;
  const written = await getLetter(id);
  if (written) return written;
  const parent = await getParent(parentId);
  if (!parent) throw new Error(`parent ${parentId} not found`);
  const letter: LetterRecord = {
    type: 'letter',
    id,
    kind,
    parentId,
    invoice,
    on,
    registered: registered ?? kind === 'termination',
    status: 'written',
  };
  if (!parent.address) {
    // The task first: a retry that finds the record must not find the task missing.
    await recordFailure({
      what: 'letter',
      subject: id,
      error: `no postal address for parent ${parentId}: the ${kind} letter of invoice ${invoice} of ${on} was not printed; post the letter by hand, or add the address (PUT /parents/${parentId}) and print it with GET /letters?date=${on}`,
      parentId,
    });
    return putLetterOnce({ ...letter, status: 'no-address', content });
  }
  const pdf = await letterPdfFor({ ...parent, address: parent.address }, letter, content);
  // The file first, under a name of its own: written twice, it is the same letter.
  const file = await writeExport(letterFile(letter), pdf, 'application/pdf');
  return putLetterOnce({ ...letter, file });
}
