import { z } from 'zod';
import { today } from '#shared/clock.ts';
import { invoiceRunDate } from '#shared/invoicing.ts';
import { month } from '#shared/records.ts';
import { HttpError, httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { requestRun } from './adapters/invoice-runs.ts';
import { getRun } from './adapters/invoice-store.ts';
import { loadPolicy } from './adapters/policy-store.ts';

const body = z.strictObject({ month });

/**
 * POST /invoice-runs (admin): runs the invoicing of a month by hand, from its run date on (INV-5, issue 7
 * item 13). A month never run starts; a failed or unfinished one is finished (only what is missing is
 * issued); a running or succeeded one is not started again (issue 8 item 5).
 */
export const handler = httpHandler(async (event) => {
  const { month } = parseJsonBody(event, body);
  const runsOn = invoiceRunDate(month, await loadPolicy());
  if (today() < runsOn)
    throw new HttpError(422, {
      error: 'too early',
      issues: [
        { field: 'month', problem: `the run for ${month} may start on ${runsOn} (INV-5), not before` },
      ],
      firstRunDate: runsOn,
    });
  const { started, attempt } = await requestRun(month);
  return json(started ? 202 : 200, { month, started, attempt, run: (await getRun(month)) ?? null });
});
