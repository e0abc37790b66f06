import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  APIGatewayRequestAuthorizerEventV2,
} from 'aws-lambda';
import type { RouteSpec } from '../catalog.ts';
import type { Activity } from './activity.ts';

/**
 * API Gateway (HTTP API) on one machine: the same routes as the CDK app, each calling its handler with an
 * API Gateway v2 event, behind the same authorizer. Nothing else: the local Step Functions API has a port
 * of its own that only the runtime's handlers can use (step-functions-endpoint.ts, issue 7 item 3).
 */
export type ApiHandler = (
  event: APIGatewayProxyEventV2,
  context: unknown,
) => Promise<APIGatewayProxyStructuredResultV2>;
export type Authorizer = (
  event: APIGatewayRequestAuthorizerEventV2,
) => Promise<{ isAuthorized: boolean; context?: Record<string, string> }>;

/**
 * What the local runtime serves beside the API's routes (issue 13): the staff console's files, its login and
 * the token issuer's keys. In AWS, CloudFront serves the console and Cognito is the issuer.
 */
export type LocalPages = (request: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
}) => Promise<{ status: number; headers: Record<string, string>; body: string | Buffer } | undefined>;

interface Route {
  spec: RouteSpec;
  pattern: RegExp;
  params: string[];
  handler: ApiHandler;
}

/** API Gateway's own limit on a request's payload (a day statement of a large organisation is megabytes). */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

class BodyTooLarge extends Error {}

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

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * As API Gateway hands a body to Lambda: JSON and text as text, anything else (a bank file in its own
 * encoding, ISO-8859-1 or UTF-8) base64-encoded, so that its bytes reach the handler unchanged.
 */
function lambdaBody(
  raw: Buffer,
  contentType: string | undefined,
): { body: string; isBase64Encoded: boolean } {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '' || type === 'application/json' || type.startsWith('text/'))
    return { body: raw.toString('utf8'), isBase64Encoded: false };
  return { body: raw.toString('base64'), isBase64Encoded: true };
}

/** The path's parameters, percent-decoded; or, as `malformed`, the first that is not valid percent-encoding. */
function decodeParameters(
  names: string[],
  values: string[],
): { parameters: Record<string, string> } | { malformed: string } {
  const parameters: Record<string, string> = {};
  for (const [i, name] of names.entries()) {
    try {
      parameters[name] = decodeURIComponent(values[i] ?? '');
    } catch {
      return { malformed: name };
    }
  }
  return { parameters };
}

export function createHttpApi(options: {
  routes: Route[];
  authorizer: Authorizer;
  activity: Activity;
  localPages?: LocalPages;
  /** Where a request that failed inside the server is logged, by its correlation id (no body). */
  log?: (line: string) => void;
}): http.Server {
  const { routes, authorizer, activity } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return send(res, 400, {
        error: 'invalid request',
        issues: [{ field: '(path)', problem: 'is not a valid URI' }],
      });
    }
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [
        k.toLowerCase(),
        Array.isArray(v) ? v.join(',') : (v ?? ''),
      ]),
    );
    const page = await options.localPages?.({ method, url, headers, body });
    if (page) {
      res.writeHead(page.status, page.headers);
      return void res.end(page.body);
    }
    const matches = routes.filter((r) => r.pattern.test(url.pathname));
    const route = matches.find((r) => r.spec.method === method);
    if (!route)
      return send(res, matches.length ? 405 : 404, {
        error: matches.length ? 'method not allowed' : 'not found',
      });

    const routeKey = `${route.spec.method} ${route.spec.path}`;
    // A signed webhook has no admin key: its handler verifies the provider's signature (KLA-1).
    let authorizerContext: Record<string, string> | undefined;
    if (route.spec.auth === 'admin') {
      const auth = await authorizer({
        type: 'REQUEST',
        routeArn: routeKey,
        routeKey,
        headers,
        identitySource: [headers.authorization ?? ''],
      } as unknown as APIGatewayRequestAuthorizerEventV2);
      if (!auth.isAuthorized) return send(res, 403, { message: 'Forbidden' });
      authorizerContext = auth.context;
    }

    const match = route.pattern.exec(url.pathname) as RegExpExecArray;
    const decoded = decodeParameters(route.params, match.slice(1));
    // Issue 7 item 11: `/offers/%zz` is the client's mistake, answered as any bad input is.
    if ('malformed' in decoded)
      return send(res, 400, {
        error: 'invalid request',
        issues: [{ field: decoded.malformed, problem: 'is not valid percent-encoding (malformed URI)' }],
      });
    const pathParameters = decoded.parameters;
    const event = {
      version: '2.0',
      routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.fromEntries(url.searchParams),
      pathParameters,
      ...lambdaBody(body, req.headers['content-type']),
      requestContext: {
        http: { method, path: url.pathname },
        routeKey,
        stage: '$default',
        // As API Gateway passes a Lambda authorizer's simple response on (issue 13: the caller's role).
        ...(authorizerContext ? { authorizer: { lambda: authorizerContext } } : {}),
      },
    } as unknown as APIGatewayProxyEventV2;
    // As Lambda gives each invocation a request id, which the handlers answer a 500 with (item 14).
    const result = await route.handler(event, { awsRequestId: randomUUID() });
    res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
    // As API Gateway does: a binary body (a PDF) comes from Lambda as base64.
    res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
  }

  return http.createServer((req, res) => {
    activity
      .track(() => handle(req, res))
      .catch((error: Error) => {
        if (res.headersSent) return void res.destroy();
        if (error instanceof BodyTooLarge) return send(res, 413, { error: 'request body too large' });
        // Issue 7 item 14: the caller gets an id to quote, the log gets the message; never the body.
        const correlationId = randomUUID();
        log(`request ${correlationId} failed (${req.method} ${req.url?.split('?')[0]}): ${error?.message}`);
        send(res, 500, { error: 'internal error', correlationId });
      });
  });
}
