import { HttpError, httpHandler, json } from '../adapters/http.ts';
import { statementsOfYear } from './statement-store.ts';

/**
 * GET /annual-statements?year=YYYY[&after=…] (admin, INV-8): the year's statements in parent order,
 * each `issued` (with the day) or `withheld` (with the day, while the parent has arrears), 500 a page.
 */
export const handler = httpHandler(async (event) => {
  const raw = event.queryStringParameters?.year;
  const year = Number(raw);
  if (!raw || !/^[0-9]{4}$/.test(raw) || year < 2000)
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: 'year', problem: 'must be a year like 2027' }],
    });
  const after = event.queryStringParameters?.after;
  const page = await statementsOfYear(year, after);
  return json(200, { year, ...page });
});
