import { BankFileError } from '#shared/bank-files/bank-file.ts';
import { HttpError, httpHandler, json } from '../adapters/http.ts';
import { importBankFile } from './bank-import.ts';

/**
 * POST /bank-files (admin), issue 9 item 3: the raw file as the body (camt.053, camt.054, pain.002), in
 * the bank's own encoding; `?dryRun=true` shows what it would book and books nothing. 200 with the
 * import summary (also for a file imported before, which changes nothing); 400 naming what is wrong
 * with a file that is none of the formats, and nothing is stored.
 */
export const handler = httpHandler(async (event) => {
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64')
    : Buffer.from(event.body ?? '', 'utf8');
  if (!raw.length)
    throw new HttpError(400, {
      error: 'invalid bank file',
      issues: [{ field: '(body)', problem: 'is empty: send the bank file itself as the body' }],
    });
  const dryRun = event.queryStringParameters?.dryRun;
  if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false')
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: 'dryRun', problem: 'must be true or false' }],
    });
  try {
    return json(200, await importBankFile(raw, { dryRun: dryRun === 'true' }));
  } catch (error) {
    if (error instanceof BankFileError)
      throw new HttpError(400, {
        error: 'invalid bank file',
        issues: [{ field: '(body)', problem: error.message }],
      });
    throw error;
  }
});
