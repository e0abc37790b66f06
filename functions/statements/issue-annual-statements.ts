import { z } from 'zod';
import { today } from '#shared/clock.ts';
import { id } from '#shared/records.ts';
import { HttpError, httpHandler, json, parseJsonBody } from '../adapters/http.ts';
import { loadPolicy } from '../adapters/policy-store.ts';
import { issueStatementsPage } from './issue-statements.ts';

/** A page small enough to answer within the HTTP API's 30 seconds, PDFs and e-mails included. */
const PAGE = 25;

const input = z.strictObject({
  year: z.number({ message: 'must be a year like 2027' }).int().min(2000).max(2100),
  /** The `next` of the page before: continue after this parent. */
  after: id.optional(),
});

/**
 * POST /annual-statements {year, after?} (admin, INV-8): issues the year's statements for a page of
 * parents and answers what became of them with the `next` parent to continue after (`opvang
 * annual-statements --year` walks the pages). Issuing again changes nothing: what was issued is not sent
 * twice. Only a year that has ended can be issued: its last month must have been invoiced and collected.
 */
export const handler = httpHandler(async (event) => {
  const { year, after } = parseJsonBody(event, input);
  if (year >= Number(today().slice(0, 4)))
    throw new HttpError(422, {
      error: 'invalid request',
      issues: [{ field: 'year', problem: `${year} has not ended yet: statements are issued after the year` }],
    });
  const page = await issueStatementsPage(year, after, PAGE, await loadPolicy());
  return json(200, page);
});
