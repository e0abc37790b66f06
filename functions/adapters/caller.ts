import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type Caller, callerFromContext, mayReachLocation } from '#shared/staff/roles.ts';
import { HttpError } from './http.ts';

/**
 * Issue 13: who is calling, as the API's authorizer passed it on (`requestContext.authorizer.lambda`, in
 * AWS and in the local runtime alike). A route behind the authorizer always has one; its absence is a
 * deployment error, answered 500 rather than guessed at.
 */
export function callerOf(event: APIGatewayProxyEventV2): Caller {
  const context = (event.requestContext as { authorizer?: { lambda?: Record<string, unknown> } }).authorizer
    ?.lambda;
  const caller = callerFromContext(context);
  if (!caller) throw new Error('the request carries no caller from the authorizer');
  return caller;
}

/** 403 when a location manager reaches for something of another location (a complaint, a contract). */
export function refuseOtherLocation(event: APIGatewayProxyEventV2, location: string, what: string): void {
  const caller = callerOf(event);
  if (!mayReachLocation(caller, location))
    throw new HttpError(403, {
      error: 'forbidden',
      issues: [{ field: 'id', problem: `${what} belongs to another location than yours` }],
    });
}
