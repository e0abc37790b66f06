import type { ComplaintRecord } from './complaint-store.ts';

/** A complaint as the API shows it: without the workflow's token and the form's fingerprint. */
export function publicComplaint(c: ComplaintRecord) {
  const { taskToken: _token, fingerprint: _fingerprint, ...rest } = c;
  return rest;
}
