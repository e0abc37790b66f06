import { z } from 'zod';
import { executionNames } from '#shared/keys.ts';
import { month } from '#shared/records.ts';
import { environment } from './adapters/environment.ts';
import { httpHandler, json, parseJsonBody } from './adapters/http.ts';
import { getRun } from './adapters/invoice-store.ts';
import { startExecutionOnce } from './adapters/workflows.ts';

const body = z.strictObject({ month });

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
