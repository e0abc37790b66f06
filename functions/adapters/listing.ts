import { BatchGetCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keys } from '#shared/keys.ts';
import type { ParentRecord } from '#shared/records.ts';
import { type Caller, mayReachLocation, sameLocation } from '#shared/staff/roles.ts';
import { dynamo } from './clients.ts';
import { environment } from './environment.ts';
import { HttpError } from './http.ts';
import { strip } from './store.ts';

/**
 * Issue 13: lists the console pages through (10,000 contracts of an organisation): a page at a time from an
 * index, continued from an opaque cursor (the last key read), never the whole list.
 */
export const PAGE_SIZE = 50;

/** The query parameters every list takes: the cursor of the page to show, and a location to keep to. */
export const listQuery = {
  after: z.string().max(2000).optional(),
  location: z.string().trim().min(1, 'must not be empty').max(100).optional(),
};

/** Whether an item of this location is in the list: the caller's own (a location manager) and the one asked for. */
export function inLocation(caller: Caller, asked: string | undefined, location: string): boolean {
  return mayReachLocation(caller, location) && (!asked || sameLocation(asked, location));
}

export function cursorOf(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function keyOfCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {}
  throw new HttpError(400, {
    error: 'invalid request',
    issues: [{ field: 'after', problem: 'is not a cursor this list gave out' }],
  });
}

/**
 * Up to `size` items of one index partition that pass `keep`, from `after` on, with the cursor of the next
 * page (absent on the last). A filter that keeps few items reads on, a bounded number of pages.
 */
export async function pageOf<T>(
  query: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey' | 'Limit'>,
  after: string | undefined,
  keep: (item: T) => boolean = () => true,
  size = PAGE_SIZE,
): Promise<{ items: T[]; next?: string }> {
  const items: T[] = [];
  let start = keyOfCursor(after);
  for (let reads = 0; reads < 20; reads++) {
    const result = await dynamo().send(
      new QueryCommand({
        ...query,
        TableName: environment.tableName(),
        ExclusiveStartKey: start,
        Limit: size * 2,
      }),
    );
    for (const raw of result.Items ?? []) {
      const item = strip<T>(raw) as T;
      if (!keep(item)) continue;
      items.push(item);
      if (items.length === size) {
        const index = query.IndexName;
        const next = Object.fromEntries(
          ['pk', 'sk', ...(index ? [`${index}pk`, `${index}sk`] : [])].map((k) => [k, raw[k]]),
        );
        return { items, next: cursorOf(next) };
      }
    }
    start = result.LastEvaluatedKey;
    if (!start) return { items };
  }
  return { items, next: cursorOf(start) };
}

/** The names of these parents (a page's worth), by id. */
export async function parentNames(ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, object> | undefined = {
      [environment.tableName()]: {
        Keys: unique.slice(i, i + 100).map((id) => keys.parent(id)),
        ProjectionExpression: 'id, #n',
        ExpressionAttributeNames: { '#n': 'name' },
      },
    };
    while (request && Object.keys(request).length) {
      const result = await dynamo().send(new BatchGetCommand({ RequestItems: request as never }));
      for (const item of result.Responses?.[environment.tableName()] ?? [])
        names.set(String(item.id), String((item as Partial<ParentRecord>).name ?? ''));
      request = result.UnprocessedKeys as typeof request;
    }
  }
  return names;
}
