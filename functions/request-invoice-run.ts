import { z } from 'zod';
import { executionNames } from '#shared/keys.ts';
import { environment } from './adapters/environment.ts';
import { httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { getRun } from './adapters/invoice-store.ts';
import { startExecutionOnce } from './adapters/workflows.ts';

const body = z.strictObject({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month as YYYY-MM' }),
});

/** POST /invoice-runs (admin): runs the invoicing of a month by hand; a month already run is not run again. */
export const handler = httpHandler(async (event) => {
  const { month } = parseJsonBody(event, body);
  const started = await startExecutionOnce(
    environment.invoiceRunStateMachineArn(),
    executionNames.invoiceRun(month),
    {
      month,
    },
  );
  return json(started === 'started' ? 202 : 200, {
    month,
    started: started === 'started',
    run: (await getRun(month)) ?? null,
  });
});
