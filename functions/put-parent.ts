import { type ParentRecord, parentInput } from '#shared/records.ts';
import { sealBsn, withMaskedBsn } from './adapters/bsn-vault.ts';
import { HttpError, httpHandler, json, parseJsonBody, pathParameter } from './adapters/http.ts';
import { getParent, putParent } from './adapters/store.ts';

/** PUT /parents/{id} (admin): creates or replaces a parent (the consumer of CON-1) with the SEPA mandate. */
export const handler = httpHandler(async (event) => {
  const id = pathParameter(event, 'id');
  const input = parseJsonBody(event, parentInput);
  if (input.id !== undefined && input.id !== id)
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: 'id', problem: 'differs from the id in the path' }],
    });
  const { bsn, ...details } = input;
  const parent: ParentRecord = { type: 'parent', ...details, id };
  // INV-7: a mandate the bank said is gone (AC04, AC06, MD01) stays gone when the same one is given
  // again; a new mandate (another id) is collected.
  const stored = await getParent(id);
  if (stored?.mandate?.gone && parent.mandate?.id === stored.mandate.id)
    parent.mandate = { ...parent.mandate, gone: stored.mandate.gone };
  // INV-8: the BSN sealed; kept when not given again (a change of address must not lose it).
  if (bsn) parent.bsn = await sealBsn(id, bsn);
  else if (stored?.bsn) parent.bsn = stored.bsn;
  await putParent(parent);
  return json(200, { parent: withMaskedBsn(parent) });
});
