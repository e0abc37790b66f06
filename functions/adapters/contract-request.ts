import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ContractRecord, ParentRecord } from '#shared/records.ts';
import { refuseOtherLocation } from './caller.ts';
import { HttpError, pathParameter } from './http.ts';
import { getContract, getParent } from './store.ts';

/** The contract a request under /contracts/{id}/… is about, with its parent; 404 when it does not exist. */
export async function contractOfRequest(
  event: APIGatewayProxyEventV2,
): Promise<{ contract: ContractRecord; parent: ParentRecord }> {
  const id = pathParameter(event, 'id');
  const contract = await getContract(id);
  if (!contract)
    throw new HttpError(404, {
      error: 'not found',
      issues: [{ field: 'id', problem: `contract ${id} not found` }],
    });
  refuseOtherLocation(event, contract.location, `contract ${id}`);
  const parent = await getParent(contract.parentId);
  if (!parent)
    throw new HttpError(409, {
      error: 'conflict',
      issues: [{ field: 'id', problem: `the parent of contract ${id} is missing` }],
    });
  return { contract, parent };
}

export function invalid(field: string, problem: string): HttpError {
  return new HttpError(422, { error: 'invalid request', issues: [{ field, problem }] });
}

/** DUN-4: no new care (extra care, a swap day, a booking) on a contract whose care is suspended. */
export function refuseWhileSuspended(contract: ContractRecord): void {
  if (contract.status === 'active' && contract.suspension)
    throw conflict(
      `the care of contract ${contract.id} is suspended since ${contract.suspension.since} until the arrears are paid (DUN-4)`,
    );
}

export function conflict(problem: string): HttpError {
  return new HttpError(409, { error: 'conflict', issues: [{ field: 'id', problem }] });
}

/**
 * A contract as the API shows it: without the ids of the requests applied to it (bookkeeping); a running
 * contract whose care is suspended after a hand-over (DUN-4) shows the status `suspended`.
 */
export function publicContract(
  contract: ContractRecord,
): Omit<ContractRecord, 'status'> & { status: ContractRecord['status'] | 'suspended' } {
  const { requestIds: _requestIds, ...rest } = contract as ContractRecord & { requestIds?: unknown };
  return contract.status === 'active' && contract.suspension ? { ...rest, status: 'suspended' } : rest;
}
