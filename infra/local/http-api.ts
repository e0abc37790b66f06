import http from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';
import type { RouteSpec } from '../catalog.ts';
import type { Activity } from './activity.ts';
import { type LocalStepFunctions, StepFunctionsError } from './step-functions.ts';

/**
 * API Gateway (HTTP API) on one machine: the same routes as the CDK app, each calling its handler with an
 * API Gateway v2 event, behind the same authorizer. It also answers the Step Functions JSON protocol
 * (X-Amz-Target: AWSStepFunctions.*), so that the handlers' own SFN client reaches the local workflows.
 */
export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: unknown,
) => Promise<APIGatewayProxyStructuredResultV2>;
export type Authorizer = (event: APIGatewayRequestAuthorizerEventV2) => Promise<{ isAuthorized: boolean }>;

interface Route {
  spec: RouteSpec;
  pattern: RegExp;
  params: string[];
  handler: ApiHandler;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function compileRoute(spec: RouteSpec, handler: ApiHandler): Route {
  const params: string[] = [];
  const source = spec.path.replace(/\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
    params.push(name);
    return '([^/]+)';
  });
  return { spec, pattern: new RegExp(`^${source}$`), params, handler };
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createHttpApi(options: {
  routes: Route[];
  authorizer: Authorizer;
  stepFunctions: LocalStepFunctions;
  activity: Activity;
}): http.Server {
  const { routes, authorizer, stepFunctions, activity } = options;

  async function handleStepFunctions(target: string, body: string, res: http.ServerResponse): Promise<void> {
    const action = target.replace('AWSStepFunctions.', '');
    const input = JSON.parse(body || '{}') as Record<string, string>;
    try {
      if (action === 'StartExecution') {
        const started = await stepFunctions.startExecution(
          input.stateMachineArn ?? '',
          input.name ?? crypto.randomUUID(),
          input.input ?? '{}',
        );
        return send(res, 200, started, { 'content-type': 'application/x-amz-json-1.0' });
      }
      if (action === 'SendTaskSuccess') {
        stepFunctions.sendTaskSuccess(input.taskToken ?? '', input.output ?? '{}');
        return send(res, 200, {}, { 'content-type': 'application/x-amz-json-1.0' });
      }
      if (action === 'SendTaskFailure') {
        stepFunctions.sendTaskFailure(input.taskToken ?? '', input.error, input.cause);
        return send(res, 200, {}, { 'content-type': 'application/x-amz-json-1.0' });
      }
      return send(res, 400, {
        __type: 'UnknownOperationException',
        message: `${action} is not supported locally`,
      });
    } catch (error) {
      if (error instanceof StepFunctionsError)
        return send(
          res,
          400,
          { __type: error.type, message: error.message },
          { 'x-amzn-errortype': error.type },
        );
      throw error;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string' && target.startsWith('AWSStepFunctions.'))
      return handleStepFunctions(target, body, res);

    const method = req.method ?? 'GET';
    const matches = routes.filter((r) => r.pattern.test(url.pathname));
    const route = matches.find((r) => r.spec.method === method);
    if (!route)
      return send(res, matches.length ? 405 : 404, {
        error: matches.length ? 'method not allowed' : 'not found',
      });

    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [
        k.toLowerCase(),
        Array.isArray(v) ? v.join(',') : (v ?? ''),
      ]),
    );
    const routeKey = `${route.spec.method} ${route.spec.path}`;
    const auth = await authorizer({
      type: 'REQUEST',
      routeArn: routeKey,
      routeKey,
      headers,
      identitySource: [headers.authorization ?? ''],
    } as unknown as APIGatewayRequestAuthorizerEventV2);
    if (!auth.isAuthorized) return send(res, 403, { message: 'Forbidden' });

    const match = route.pattern.exec(url.pathname) as RegExpExecArray;
    const pathParameters = Object.fromEntries(
      route.params.map((p, i) => [p, decodeURIComponent(match[i + 1] ?? '')]),
    );
    const event = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.fromEntries(url.searchParams),
      pathParameters,
      body,
      isBase64Encoded: false,
      requestContext: { http: { method, path: url.pathname }, routeKey, stage: '$default' },
    } as unknown as APIGatewayProxyEventV2;
    const result = await route.handler(event, {});
    res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
    res.end(result.body ?? '');
  }

  return http.createServer((req, res) => {
    activity
      .track(() => handle(req, res))
      .catch((error: Error) => {
        if (!res.headersSent)
          send(res, error.message === 'body too large' ? 413 : 500, { error: error.message });
      });
  });
}
