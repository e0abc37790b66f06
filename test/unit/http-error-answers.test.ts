import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError, httpHandler, json } from '../../functions/adapters/http.ts';
import { logger } from '../../functions/adapters/logger.ts';

/** Issue 7 item 14, in AWS: a 500 carries Lambda's request id, which is also what the log is searched by. */
const event = {
  routeKey: 'PUT /parents/{id}',
  pathParameters: { id: 'p1' },
  body: JSON.stringify({ name: 'Nguyễn Thị Minh Khai', email: 'minh.khai@example.nl' }),
} as unknown as APIGatewayProxyEventV2;
const lambdaContext = { awsRequestId: '8f5e2a4c-0d1b-4c7e-9a53-2b6f1e0d9c47' } as Context;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the handlers’ error answers (issue 7 item 14)', () => {
  it('a 500 answers Lambda’s request id as correlation id, and the log has the message under it, not the body', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => {});
    const handler = httpHandler(async () => {
      throw new Error('ValidationException: One or more parameter values were invalid: opvang-main-7f3a');
    });
    const result = await handler(event, lambdaContext);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(String(result.body))).toEqual({
      error: 'internal error',
      correlationId: lambdaContext.awsRequestId,
    });
    expect(logged).toHaveBeenCalledWith('request failed', {
      route: 'PUT /parents/{id}',
      correlationId: lambdaContext.awsRequestId,
      error: 'ValidationException: One or more parameter values were invalid: opvang-main-7f3a',
    });
    expect(JSON.stringify(logged.mock.calls)).not.toContain('Nguyễn');
  });

  it('a 4xx still answers what to fix, with no correlation id and nothing logged', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => {});
    const handler = httpHandler(async () => {
      throw new HttpError(409, { error: 'conflict', issues: [{ field: 'id', problem: 'exists' }] });
    });
    const result = await handler(event, lambdaContext);
    expect(result).toEqual(json(409, { error: 'conflict', issues: [{ field: 'id', problem: 'exists' }] }));
    expect(logged).not.toHaveBeenCalled();
  });
});
