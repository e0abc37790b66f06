import {
  createHash,
  createHmac,
  type Hash,
  type Hmac,
  randomBytes,
  randomUUID,
  timingSafeEqual,
} from 'node:crypto';
import http from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Activity } from './activity.ts';
import { type LocalStepFunctions, StepFunctionsError } from './step-functions.ts';

/**
 * The local Step Functions API (the JSON protocol, `X-Amz-Target: AWSStepFunctions.*`) that the handlers'
 * own SDK client calls. One call starts a month's invoicing, so only the runtime's own handlers may make it
 * (issue 7 item 3): it has a port of its own on the loopback interface only, never the API's, and every
 * request must carry a valid SigV4 signature made with the credentials the runtime generated at start. Those
 * live only in this process's environment, where the handlers' SDK clients find them; the signature is
 * checked with the SDK's own signer, so a request signed with anything else is refused.
 */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Fresh credentials per runtime: a key id that names them as local, and a 256-bit secret. */
export function generateLocalCredentials(): LocalCredentials {
  return {
    accessKeyId: `LOCAL${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(32).toString('base64url'),
  };
}

const MAX_BODY_BYTES = 1024 * 1024;
const AMZ_JSON = 'application/x-amz-json-1.0';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(new Uint8Array(data));
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the SDK's signer asks for. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/\d{8}\/[^/,\s]+\/[^/,\s]+\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/;

function amzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}

function sameText(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Refuses the request unless its SigV4 signature is the one the runtime's own credentials give for exactly
 * this request (method, path, signed headers, body): signed again here, compared in constant time.
 */
export async function verifySignature(
  req: http.IncomingMessage,
  body: Buffer,
  credentials: LocalCredentials,
  region: string,
): Promise<void> {
  const authorization = req.headers.authorization;
  if (!authorization)
    throw new Refusal(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  const match = AUTHORIZATION.exec(authorization);
  if (!match) throw new Refusal(403, 'IncompleteSignatureException', 'The request signature is malformed.');
  const [, keyId, signedList] = match as unknown as [string, string, string];
  if (!sameText(keyId, credentials.accessKeyId))
    throw new Refusal(
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  const signingDate = amzDate(req.headers['x-amz-date'] as string | undefined);
  const signed = signedList.split(';');
  if (!signingDate || !signed.includes('host') || !signed.includes('x-amz-date'))
    throw new Refusal(403, 'IncompleteSignatureException', 'The request must sign host and x-amz-date.');
  // The signature covers the body only through its hash: the hash must be the body's own, never a value
  // the request merely states (nor UNSIGNED-PAYLOAD).
  const stated = req.headers['x-amz-content-sha256'];
  if (stated !== undefined && !sameText(String(stated), createHash('sha256').update(body).digest('hex')))
    throw new Refusal(403, 'InvalidSignatureException', 'The body does not match its signed hash.');
  const headers: Record<string, string> = {};
  for (const name of signed) {
    const value = req.headers[name];
    if (value === undefined)
      throw new Refusal(403, 'IncompleteSignatureException', `Signed header ${name} is missing.`);
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const signer = new SignatureV4({ credentials, region, service: 'states', sha256: NodeSha256 });
  const url = new URL(req.url ?? '/', 'http://localhost');
  const expected = await signer.sign(
    {
      method: req.method ?? 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    },
    { signingDate, signableHeaders: new Set(signed) },
  );
  if (!sameText(String(expected.headers.authorization), authorization))
    throw new Refusal(
      403,
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided.',
    );
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Refusal(413, 'RequestEntityTooLarge', 'The request is too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendAws(res: http.ServerResponse, status: number, body: unknown, type?: string): void {
  res.writeHead(status, { 'content-type': AMZ_JSON, ...(type ? { 'x-amzn-errortype': type } : {}) });
  res.end(JSON.stringify(body));
}

function stringField(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Refusal(400, 'SerializationException', `${name} must be a string`);
  return value;
}

async function serve(
  stepFunctions: LocalStepFunctions,
  action: string,
  input: Record<string, unknown>,
): Promise<unknown> {
  if (action === 'StartExecution')
    return stepFunctions.startExecution(
      stringField(input, 'stateMachineArn') ?? '',
      stringField(input, 'name') ?? randomUUID(),
      stringField(input, 'input') ?? '{}',
    );
  if (action === 'SendTaskSuccess') {
    stepFunctions.sendTaskSuccess(
      stringField(input, 'taskToken') ?? '',
      stringField(input, 'output') ?? '{}',
    );
    return {};
  }
  if (action === 'SendTaskFailure') {
    stepFunctions.sendTaskFailure(
      stringField(input, 'taskToken') ?? '',
      stringField(input, 'error'),
      stringField(input, 'cause'),
    );
    return {};
  }
  throw new Refusal(400, 'UnknownOperationException', `${action} is not supported locally`);
}

export async function startStepFunctionsEndpoint(options: {
  stepFunctions: LocalStepFunctions;
  activity: Activity;
  credentials: LocalCredentials;
  region: string;
  log: (line: string) => void;
}): Promise<{ server: http.Server; url: string }> {
  const { stepFunctions, activity, credentials, region, log } = options;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req);
    await verifySignature(req, body, credentials, region);
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || typeof target !== 'string' || !target.startsWith('AWSStepFunctions.'))
      throw new Refusal(400, 'UnknownOperationException', 'Not a Step Functions operation');
    let input: unknown;
    try {
      input = JSON.parse(body.length ? body.toString('utf8') : '{}');
    } catch {
      throw new Refusal(400, 'SerializationException', 'The request body is not valid JSON');
    }
    if (!input || typeof input !== 'object' || Array.isArray(input))
      throw new Refusal(400, 'SerializationException', 'The request body must be a JSON object');
    sendAws(
      res,
      200,
      await serve(stepFunctions, target.slice('AWSStepFunctions.'.length), input as Record<string, unknown>),
    );
  }

  const server = http.createServer((req, res) => {
    activity
      .track(() => handle(req, res))
      .catch((error: Error) => {
        if (res.headersSent) return void res.destroy();
        if (error instanceof Refusal)
          return sendAws(res, error.status, { __type: error.type, message: error.message }, error.type);
        if (error instanceof StepFunctionsError)
          return sendAws(res, 400, { __type: error.type, message: error.message }, error.type);
        // Issue 7 item 14: an id to find the message by, never the message itself.
        const correlationId = randomUUID();
        log(`step functions request ${correlationId} failed: ${error.message}`);
        sendAws(
          res,
          500,
          { __type: 'InternalFailure', message: 'internal error', correlationId },
          'InternalFailure',
        );
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only, on a port the system picks: nothing outside this machine can reach it.
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { server, url: `http://127.0.0.1:${port}` };
}
