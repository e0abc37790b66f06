import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Files on this machine that hold personal data (the database, SEPA exports with names and IBANs, e-mails
 * and invoices): readable by their owner only, whatever the umask (issue 7 item 15). On a shared machine
 * another user must not be able to read them.
 */
export const OWNER_ONLY_DIR = 0o700;
export const OWNER_ONLY_FILE = 0o600;

/** Creates the folder (and any missing parent) owner-only, and makes it owner-only if it was not. */
export function makeOwnerOnlyDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR });
  chmodSync(dir, OWNER_ONLY_DIR);
}

/**
 * Writes the file owner-only: to a fresh temporary file created 0600, then renamed over the old one, so that
 * the content is never readable by others, not even for a moment, and a reader never sees half a file.
 */
export function writeOwnerOnlyFile(file: string, content: string | Uint8Array): void {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    writeFileSync(temporary, content, { mode: OWNER_ONLY_FILE, flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
