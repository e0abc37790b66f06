import type { MiddlewareObj } from '@middy/core';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import { describeIssues, isMonth, type PathParameter, pathParameters } from '#shared/records.ts';
import { logger } from './logger.ts';

/** HTTP API plumbing: JSON in, JSON out, errors as 4xx with a body that names the field and the problem. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error ?? status));
  }
}

export function json(status: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function parseJsonBody<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    const text = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : event.body;
    raw = text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, {
      error: 'invalid request',
      issues: [{ field: '(body)', problem: 'is not valid JSON' }],
    });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new HttpError(400, { error: 'invalid request', issues: describeIssues(parsed.error) });
  return parsed.data;
}

/** The query string held to its schema: 400 naming each bad parameter (`?status=`, `?after=`). */
export function parseQuery<S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> {
  const parsed = schema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success)
    throw new HttpError(400, { error: 'invalid request', issues: describeIssues(parsed.error) });
  return parsed.data;
}

/**
 * A path parameter held to the schema of its name (issue 7 item 11): an id, a month or a date; 400
 * naming the parameter when it is missing or malformed, before it reaches the store.
 */
export function pathParameter(event: APIGatewayProxyEventV2, name: PathParameter): string {
  const value = event.pathParameters?.[name];
  const parsed = pathParameters[name].safeParse(value);
  if (parsed.success) return parsed.data;
  const [issue] = describeIssues(parsed.error);
  throw new HttpError(400, {
    error: 'invalid request',
    issues: [{ field: name, problem: value ? (issue?.problem ?? 'is malformed') : 'is required' }],
  });
}

/** A month given in the query (`?month=`); 400 naming the field when it is missing or malformed. */
export function monthParameter(value: string | undefined, field = 'month'): string {
  if (value && isMonth(value)) return value;
  throw new HttpError(400, {
    error: 'invalid request',
    issues: [{ field, problem: value ? 'must be a month as YYYY-MM' : 'is required' }],
  });
}

const jsonErrors = (): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: (request) => {
    const error = request.error;
    if (error instanceof HttpError) {
      request.response = json(error.status, error.body);
      return;
    }
    // The same e-mail is being sent by a concurrent request: this one may be repeated (issue 8 item 1).
    if ((error as Error)?.name === 'EmailInFlightError') {
      request.response = json(503, {
        error: 'try again',
        issues: [
          { field: '(request)', problem: 'the same request is being handled right now: repeat it shortly' },
        ],
      });
      return;
    }
    // Art. 8.5: a request that settles invoices a run is issuing right now waits for the run.
    if ((error as Error)?.name === 'RunInProgressError') {
      request.response = json(503, {
        error: 'try again',
        issues: [{ field: '(request)', problem: (error as Error).message }],
      });
      return;
    }
    // Issue 7 item 14: the caller gets an id to quote and no internal message; the log gets the message
    // under the same id (Lambda's request id). No request body in the log: it holds personal data.
    const correlationId = request.context?.awsRequestId || crypto.randomUUID();
    logger.error('request failed', {
      route: request.event.routeKey,
      correlationId,
      error: (error as Error)?.message,
    });
    request.response = json(500, { error: 'internal error', correlationId });
  },
});

type Route = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

export function httpHandler(route: Route) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(route).use(jsonErrors());
}
