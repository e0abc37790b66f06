import { z } from 'zod';
import type { CaseStep } from '#shared/dunning/ladder.ts';
import { httpHandler, json, parseQuery } from '../adapters/http.ts';
import { listQuery, pageOf, parentNames } from '../adapters/listing.ts';
import type { DunningCase } from './dunning-store.ts';

const query = z.strictObject({
  status: z
    .enum(['active', 'cleared', 'handed-over'], { message: 'must be active, cleared or handed-over' })
    .optional(),
  after: listQuery.after,
});

/** The step taken last and the one due next, each with its day (DUN-2..4, DUN-8). */
export function caseSteps(c: DunningCase): {
  lastStep?: { step: CaseStep; on: string };
  nextStep?: { step: CaseStep; on: string };
} {
  const taken = Object.entries(c.done ?? {})
    .map(([step, done]) => ({ step: step as CaseStep, on: done?.on ?? '' }))
    .sort((a, b) => a.on.localeCompare(b.on));
  const due = Object.entries(c.schedule)
    .filter(([step]) => !c.done?.[step as CaseStep])
    .map(([step, on]) => ({ step: step as CaseStep, on: on as string }))
    .sort((a, b) => a.on.localeCompare(b.on));
  return {
    ...(taken.length ? { lastStep: taken[taken.length - 1] } : {}),
    ...(c.status === 'active' && due.length ? { nextStep: due[0] } : {}),
  };
}

/**
 * GET /dunning-cases[?status=active|cleared|handed-over][&after=cursor] (finance, issue 13): the arrears,
 * newest first, each case with its parent, its last step and its next step with their days; a page of 50.
 */
export const handler = httpHandler(async (event) => {
  const { status, after } = parseQuery(event, query);
  const page = await pageOf<DunningCase>(
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :all',
      ExpressionAttributeValues: { ':all': 'DUNNING' },
      ScanIndexForward: false,
    },
    after,
    (c) => !status || c.status === status,
  );
  const names = await parentNames(page.items.map((c) => c.parentId));
  return json(200, {
    cases: page.items.map((c) => ({
      invoice: c.invoice,
      parent: c.parentId,
      parentName: names.get(c.parentId) ?? '',
      month: c.month,
      foundUnpaidOn: c.foundUnpaidOn,
      status: c.status,
      ...caseSteps(c),
      ...(c.closedOn ? { closedOn: c.closedOn } : {}),
    })),
    ...(page.next ? { next: page.next } : {}),
  });
});
