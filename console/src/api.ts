import { apiBase, type ConsoleConfig } from './config.ts';
import { currentSession, isExpired } from './session.ts';

/**
 * The back office's HTTP API as the console calls it: every call with the signed-in user's token. What
 * went wrong is sorted into what a user can act on: the session ended (sign in again), the role does not
 * allow it, not found, the input refused (each field with its problem), a conflict, the server failed (with
 * the id to quote), or the back office not answering.
 */
export type ApiProblem =
  | 'expired'
  | 'forbidden'
  | 'not-found'
  | 'invalid'
  | 'conflict'
  | 'busy'
  | 'server'
  | 'unreachable';

export interface Issue {
  field: string;
  problem: string;
}

export class ApiError extends Error {
  constructor(
    readonly problem: ApiProblem,
    readonly status: number,
    // biome-ignore lint/suspicious/noExplicitAny: an error body is whatever the route answered
    readonly body: any,
  ) {
    super(`${problem} (${status})`);
  }

  get issues(): Issue[] {
    return Array.isArray(this.body?.issues) ? (this.body.issues as Issue[]) : [];
  }
}

let config: ConsoleConfig = { auth: 'local' };
let onExpired: () => void = () => {};

/** Set once at start: where the API is, and what to do when the session has ended (back to sign-in). */
export function configureApi(settings: ConsoleConfig, sessionEnded: () => void): void {
  config = settings;
  onExpired = sessionEnded;
}

function problemOf(status: number): ApiProblem {
  if (status === 401) return 'expired';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 400 || status === 413 || status === 422) return 'invalid';
  if (status === 409) return 'conflict';
  if (status === 503) return 'busy';
  return 'server';
}

async function send(method: string, path: string, body?: BodyInit, contentType?: string): Promise<Response> {
  const session = currentSession();
  if (!session || isExpired(session)) {
    onExpired();
    throw new ApiError('expired', 401, undefined);
  }
  let response: Response;
  try {
    response = await fetch(`${apiBase(config)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${session.token}`,
        ...(contentType ? { 'content-type': contentType } : {}),
      },
      ...(body === undefined ? {} : { body }),
    });
  } catch {
    throw new ApiError('unreachable', 0, undefined);
  }
  if (response.ok) return response;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { error: text };
  }
  // The authorizer refuses an ended token like any other it does not accept: when the token's own end has
  // passed, it is the session that ended, not the role that is refused.
  const problem = response.status === 403 && isExpired(session) ? 'expired' : problemOf(response.status);
  if (problem === 'expired') onExpired();
  throw new ApiError(problem, response.status, parsed);
}

// biome-ignore lint/suspicious/noExplicitAny: the pages read the routes' JSON as their handlers write it
export async function apiGet<T = any>(path: string): Promise<T> {
  return (await send('GET', path)).json() as Promise<T>;
}

// biome-ignore lint/suspicious/noExplicitAny: the pages read the routes' JSON as their handlers write it
export async function apiPost<T = any>(path: string, body: unknown = {}): Promise<T> {
  return (await send('POST', path, JSON.stringify(body), 'application/json')).json() as Promise<T>;
}

/** A file as the body, its bytes unchanged (a bank file in its own encoding), as the CLI sends it. */
// biome-ignore lint/suspicious/noExplicitAny: the pages read the routes' JSON as their handlers write it
export async function apiUpload<T = any>(path: string, bytes: ArrayBuffer): Promise<T> {
  return (await send('POST', path, bytes, 'application/octet-stream')).json() as Promise<T>;
}

/** A route that answers a file (a PDF, a CSV) or JSON: the content type tells which. */
export async function apiFile(path: string): Promise<{ type: string; blob: Blob; filename?: string }> {
  const response = await send('GET', path);
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1];
  return { type, blob: await response.blob(), ...(filename ? { filename } : {}) };
}

/** A path segment: ids are encoded (a task id holds `#`). */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
