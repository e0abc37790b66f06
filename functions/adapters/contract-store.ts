import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { today } from '#shared/clock.ts';
import type { BookingRecord } from '#shared/flex.ts';
import type { ExtraRecord, InvoiceRecord } from '#shared/invoices.ts';
import { addMonths, monthOf } from '#shared/invoicing.ts';
import { keys } from '#shared/keys.ts';
import type { Policy } from '#shared/policy.ts';
import type { ContractChange, ContractRecord, SwapDay } from '#shared/records.ts';
import { settlements } from '#shared/settlement.ts';
import { dynamo } from './clients.ts';
import { environment } from './environment.ts';
import { getContract, strip } from './store.ts';

/**
 * Changes to a contract, each written once with the charge it brings (a fee, extra care) in one
 * transaction: a repeated request finds its own id on the contract and changes nothing.
 */
type Transact = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

function extraPut(extra: ExtraRecord): Transact {
  return {
    Put: {
      TableName: environment.tableName(),
      Item: {
        ...keys.extra(extra.contractId, extra.id),
        ...keys.monthExtras(extra.billMonth, extra.parentId, extra.id),
        ...extra,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * A request to change a contract, as applied once: its id (given by the caller, or derived from its
 * content) and a fingerprint of its content. The same id with the same content is a retry; the same id
 * with other content is a conflict (issue 7 item 6), never "done".
 */
export interface ContractRequest {
  id: string;
  fingerprint: string;
  /**
   * Art. 8.5: the first month whose invoice the request settles. While a run of that month or a later one
   * is issuing invoices, the request waits (`RunInProgressError`): the run may have read the contract as it
   * was, and its invoice must be seen by the settlement.
   */
  settlesFrom?: string;
}

/** An invoicing run is issuing the invoices the request would settle: repeat it after the run. */
export class RunInProgressError extends Error {
  override name = 'RunInProgressError';
}

/** The request is the same id as one applied before, with other content. */
export class RequestConflictError extends Error {}

/** The stored marks of a request: its bare id (what the condition checks) and id@fingerprint. */
function requestMarks(request: ContractRequest): string[] {
  return [request.id, `${request.id}@${request.fingerprint}`];
}

const MAX_RUN_RACES = 5;

/**
 * Applies an update to the contract unless the request was applied before, with the charges it brings,
 * in one transaction. Each charge lands on a month whose invoicing run has not started (issue 8 item 4):
 * the transaction checks that the run's record is still absent, so a run that starts meanwhile moves the
 * charge to the next month instead of leaving it on a month that is never invoiced again.
 * Returns whether the request was new, and the charges as stored.
 */
async function applyOnce(
  contractId: string,
  request: ContractRequest,
  update: Transact['Update'],
  charges: ExtraRecord[],
): Promise<{ applied: boolean; extras: ExtraRecord[] }> {
  if (!update) throw new Error('an update is required');
  let extras = charges;
  for (let race = 0; ; race++) {
    const months = [...new Set(extras.map((e) => e.billMonth))];
    // A month checked as not started (a charge lands on it) is not running either: one check per run
    // record (a transaction may hold one operation per item; an immediate termination, DUN-8, hits both).
    const settled = request.settlesFrom
      ? monthsThrough(request.settlesFrom, addMonths(monthOf(today()), 1)).filter((m) => !months.includes(m))
      : [];
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                ...update,
                UpdateExpression: `${update.UpdateExpression} ADD requestIds :request`,
                ConditionExpression: `(attribute_not_exists(requestIds) OR NOT contains(requestIds, :requestId))${update.ConditionExpression ? ` AND (${update.ConditionExpression})` : ''}`,
                ExpressionAttributeValues: {
                  ...update.ExpressionAttributeValues,
                  ':request': new Set(requestMarks(request)),
                  ':requestId': request.id,
                },
              },
            },
            ...extras.map(extraPut),
            ...months.map(runNotStarted),
            ...settled.map(runNotRunning),
          ],
        }),
      );
      return { applied: true, extras };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = (from: number, count: number) =>
        reasons.slice(from, from + count).some((r) => r.Code === 'ConditionalCheckFailed');
      const runStarted = failed(1 + extras.length, months.length);
      if (
        failed(1 + extras.length + months.length, settled.length) &&
        reasons[0]?.Code !== 'ConditionalCheckFailed'
      )
        throw new RunInProgressError(
          'an invoicing run is issuing the invoices this request settles: repeat the request when it has finished',
        );
      if (runStarted && reasons[0]?.Code !== 'ConditionalCheckFailed' && race < MAX_RUN_RACES) {
        extras = await Promise.all(
          extras.map(async (e) => ({ ...e, billMonth: await firstMonthNotRun(addMonths(e.billMonth, 1)) })),
        );
        continue;
      }
      const contract = await getContract(contractId);
      const applied = (contract as { requestIds?: Set<string> } | undefined)?.requestIds;
      const [bare, marked] = requestMarks(request);
      if (applied?.has(marked as string)) return { applied: false, extras: await storedExtras(charges) };
      if (applied?.has(bare as string))
        throw new RequestConflictError(
          `request ${request.id} was applied to contract ${contractId} already, with other content`,
        );
      throw new ContractStateError(`contract ${contractId} cannot take this request in its current state`);
    }
  }
}

/** The charges of a request applied before, as they were stored (their bill month may differ from now). */
async function storedExtras(charges: ExtraRecord[]): Promise<ExtraRecord[]> {
  return Promise.all(
    charges.map(async (charge) => {
      const result = await dynamo().send(
        new GetCommand({
          TableName: environment.tableName(),
          Key: keys.extra(charge.contractId, charge.id),
          ConsistentRead: true,
        }),
      );
      return strip<ExtraRecord>(result.Item) ?? charge;
    }),
  );
}

/** The transaction's check that no run of the month is issuing invoices right now. */
function runNotRunning(month: string): Transact {
  return {
    ConditionCheck: {
      TableName: environment.tableName(),
      Key: keys.invoiceRun(month),
      ConditionExpression: 'attribute_not_exists(pk) OR #status <> :running',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':running': 'running' },
    },
  };
}

function monthsThrough(from: string, through: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= through && months.length < 24; month = addMonths(month, 1))
    months.push(month);
  return months;
}

/** The transaction's check that a month's invoicing run has not started: its charges still go on it. */
function runNotStarted(month: string): Transact {
  return {
    ConditionCheck: {
      TableName: environment.tableName(),
      Key: keys.invoiceRun(month),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export class ContractStateError extends Error {}

export function addChange(
  contract: ContractRecord,
  change: ContractChange,
  request: ContractRequest,
  fee: ExtraRecord | undefined,
  settled: ExtraRecord[] = [],
) {
  return applyOnce(
    contract.id,
    request,
    {
      TableName: environment.tableName(),
      Key: keys.contract(contract.id),
      UpdateExpression: `SET changes = list_append(if_not_exists(changes, :none), :change)${SETTLEMENTS}`,
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':none': [],
        ':change': [change],
        ':active': 'active',
        ':settlements': settlementsOf(settled, request.id),
      },
    },
    [...(fee ? [fee] : []), ...settled],
  );
}

/** The settlements recorded on the contract, so that a later one counts them (art. 8.5). */
const SETTLEMENTS = ', settlements = list_append(if_not_exists(settlements, :none), :settlements)';
function settlementsOf(extras: ExtraRecord[], requestId: string) {
  return extras.map((e) => ({ month: e.date.slice(0, 7), amount: e.amount, requestId }));
}

export function terminate(
  contract: ContractRecord,
  end: string,
  receivedOn: string,
  request: ContractRequest,
  settled: ExtraRecord[] = [],
) {
  return applyOnce(
    contract.id,
    request,
    {
      TableName: environment.tableName(),
      Key: keys.contract(contract.id),
      UpdateExpression: `SET #end = :end, terminatedOn = :on, #status = :terminated${SETTLEMENTS}`,
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status', '#end': 'end' },
      ExpressionAttributeValues: {
        ':end': end,
        ':on': receivedOn,
        ':terminated': 'terminated',
        ':active': 'active',
        ':none': [],
        ':settlements': settlementsOf(settled, request.id),
      },
    },
    settled,
  );
}

/**
 * CON-5: cancelled before the start, with its fee and, when its first months were invoiced already, the
 * final settlement that takes them back (art. 8.5): a cancellation costs exactly the fee.
 */
export function cancel(
  contract: ContractRecord,
  on: string,
  request: ContractRequest,
  fee: ExtraRecord,
  settled: ExtraRecord[] = [],
) {
  return applyOnce(
    contract.id,
    request,
    {
      TableName: environment.tableName(),
      Key: keys.contract(contract.id),
      UpdateExpression: `SET #status = :cancelled, cancelledOn = :on${SETTLEMENTS}`,
      ConditionExpression: '#status = :active AND #start > :on',
      ExpressionAttributeNames: { '#status': 'status', '#start': 'start' },
      ExpressionAttributeValues: {
        ':cancelled': 'cancelled',
        ':active': 'active',
        ':on': on,
        ':none': [],
        ':settlements': settlementsOf(settled, request.id),
      },
    },
    [fee, ...settled],
  );
}

export function addExtraCare(contract: ContractRecord, extra: ExtraRecord, request: ContractRequest) {
  return applyOnce(
    contract.id,
    request,
    {
      TableName: environment.tableName(),
      Key: keys.contract(contract.id),
      UpdateExpression: 'SET extrasRequested = if_not_exists(extrasRequested, :zero) + :one',
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    },
    [extra],
  );
}

/**
 * TAR-2, CON-4: charges go on the invoice of the month after `date`, or on the first later month whose
 * invoicing run has not started (issue 8 item 4): decided from the month's run, not from whether this
 * parent has an invoice (a parent the run skipped has none, and a charge there would never be billed).
 * `applyOnce` checks it again in the transaction that stores the charge.
 */
export function nextOpenInvoiceMonth(date: string): Promise<string> {
  return firstMonthNotRun(addMonths(monthOf(date), 1));
}

async function firstMonthNotRun(from: string): Promise<string> {
  let month = from;
  for (;;) {
    const result = await dynamo().send(
      new GetCommand({
        TableName: environment.tableName(),
        Key: keys.invoiceRun(month),
        ConsistentRead: true,
        ProjectionExpression: 'pk',
      }),
    );
    if (!result.Item) return month;
    month = addMonths(month, 1);
  }
}

/** CON-9: a swap day recorded on the contract, once per missed day. */
export function addSwapDay(contract: ContractRecord, swap: SwapDay, request: ContractRequest) {
  return applyOnce(
    contract.id,
    request,
    {
      TableName: environment.tableName(),
      Key: keys.contract(contract.id),
      UpdateExpression: 'SET swapDays = list_append(if_not_exists(swapDays, :none), :swap)',
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':none': [], ':swap': [swap], ':active': 'active' },
    },
    [],
  );
}

export function getBooking(contractId: string, date: string): Promise<BookingRecord | undefined> {
  return dynamo()
    .send(
      new GetCommand({
        TableName: environment.tableName(),
        Key: keys.booking(contractId, date),
        ConsistentRead: true,
      }),
    )
    .then((result) => strip<BookingRecord>(result.Item));
}

/**
 * INV-3: books a day of flexible care. A day can be booked again after a timely cancellation; a booked
 * (or late-cancelled, hence billed) day is not overwritten: the stored booking is returned instead.
 */
export async function putBooking(
  booking: Omit<BookingRecord, 'seq'>,
): Promise<{ created: boolean; booking: BookingRecord }> {
  const earlier = await getBooking(booking.contractId, booking.date);
  const record: BookingRecord = { ...booking, seq: (earlier?.seq ?? 0) + 1 };
  try {
    await dynamo().send(
      new PutCommand({
        TableName: environment.tableName(),
        Item: {
          ...keys.booking(booking.contractId, booking.date),
          ...keys.monthBookings(monthOf(booking.date), booking.parentId, booking.contractId, booking.date),
          ...record,
        },
        // A new day, or the very booking read above, cancelled in time: never one that changed since.
        ConditionExpression: earlier ? '#status = :cancelled AND seq = :seq' : 'attribute_not_exists(pk)',
        ExpressionAttributeNames: earlier ? { '#status': 'status' } : undefined,
        ExpressionAttributeValues: earlier ? { ':cancelled': 'cancelled', ':seq': earlier.seq } : undefined,
      }),
    );
    return { created: true, booking: record };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const stored = await getBooking(booking.contractId, booking.date);
    if (!stored) throw error;
    return { created: false, booking: stored };
  }
}

/** Cancels a booked day; a second cancellation finds it cancelled and changes nothing. */
export async function cancelBooking(
  contractId: string,
  date: string,
  cancelledOn: string,
  status: 'cancelled' | 'cancelled-late',
): Promise<{ changed: boolean; booking: BookingRecord | undefined }> {
  try {
    const result = await dynamo().send(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: keys.booking(contractId, date),
        UpdateExpression: 'SET #status = :status, cancelledOn = :on',
        ConditionExpression: '#status = :booked',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':on': cancelledOn, ':booked': 'booked' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { changed: true, booking: strip<BookingRecord>(result.Attributes) };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { changed: false, booking: await getBooking(contractId, date) };
  }
}

/** CON-3: an active contract whose last day is past becomes `ended`; false when it is not (any more). */
export async function markEnded(contractId: string, on: string): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: environment.tableName(),
        Key: keys.contract(contractId),
        UpdateExpression: 'SET #status = :ended, endedOn = :on',
        ConditionExpression: '#status = :active AND #end < :on',
        ExpressionAttributeNames: { '#status': 'status', '#end': 'end' },
        ExpressionAttributeValues: { ':ended': 'ended', ':active': 'active', ':on': on },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/**
 * What the parent's invoices billed for a contract, per month, from `fromMonth` on (months with an
 * invoice only): the base of a final settlement.
 */
async function billedForContract(
  contract: ContractRecord,
  fromMonth: string,
): Promise<{ month: string; billed: number }[]> {
  // By key and consistently (an index can lag behind an invoice just written): every month from
  // `fromMonth` through next month, the latest a run can have issued.
  const months = monthsThrough(fromMonth, addMonths(monthOf(today()), 1));
  const invoices = await Promise.all(
    months.map(async (month) => {
      const result = await dynamo().send(
        new GetCommand({
          TableName: environment.tableName(),
          Key: keys.invoice(contract.parentId, month),
          ConsistentRead: true,
          ProjectionExpression: '#month, #lines',
          ExpressionAttributeNames: { '#month': 'month', '#lines': 'lines' },
        }),
      );
      return result.Item as Pick<InvoiceRecord, 'month' | 'lines'> | undefined;
    }),
  );
  return invoices
    .filter((invoice) => invoice !== undefined)
    .map((invoice) => ({
      month: invoice.month,
      billed: invoice.lines
        .filter((l) => l.kind === 'contract' && l.contract === contract.id)
        .reduce((sum, l) => sum + l.amount, 0),
    }));
}

/**
 * Art. 8.5: the final settlement of a request that changes what a contract costs (a change, a notice, a
 * cancellation, a contract that arrived late): for each month from `fromMonth` that is invoiced already,
 * what it costs `after` the request minus what was billed and settled for it, as charges on the next open
 * invoice. `applyOnce` stores them with their record on the contract, so a later one counts them.
 */
export async function finalSettlement(request: {
  contract: ContractRecord;
  after: ContractRecord;
  fromMonth: string;
  policy: Policy;
  requestId: string;
  on: string;
  why: string;
}): Promise<ExtraRecord[]> {
  const { contract, after, fromMonth, policy, requestId, on, why } = request;
  const found = settlements(after, await billedForContract(contract, fromMonth), policy, requestId);
  if (!found.length) return [];
  const billMonth = await nextOpenInvoiceMonth(on);
  return found.map((s) => ({
    type: 'extra',
    id: `settlement-${s.month}-${s.requestId}`,
    contractId: contract.id,
    parentId: contract.parentId,
    kind: 'settlement',
    date: `${s.month}-01`,
    description: `Verrekening ${contract.child.name} ${s.month} (${why})`,
    amount: s.amount,
    billMonth,
  }));
}

/**
 * INV-4, INV-5, art. 8.5: a contract that arrives after a month's run, for a parent whose invoice for that
 * month is out already (one invoice per parent and month), is billed for those months on the next invoice,
 * as settlement lines, recorded on the contract so that nothing is billed twice. Runs again harmlessly.
 */
export async function settleMonthsInvoicedBefore(
  contract: ContractRecord,
  policy: Policy,
  on: string,
  passMonth: string,
): Promise<ExtraRecord[]> {
  // One request per supplementary pass: a later pass settles only what the earlier ones did not.
  const requestId = `late-start-${contract.id}-${passMonth}`;
  const extras = await finalSettlement({
    contract,
    after: contract,
    fromMonth: monthOf(contract.start),
    policy,
    requestId,
    on,
    why: 'start na facturering',
  });
  if (!extras.length) return [];
  const result = await applyOnce(
    contract.id,
    { id: requestId, fingerprint: requestId, settlesFrom: monthOf(contract.start) },
    {
      TableName: environment.tableName(),
      Key: keys.contract(contract.id),
      UpdateExpression: `SET ${SETTLEMENTS.slice(2)}`,
      ExpressionAttributeValues: { ':none': [], ':settlements': settlementsOf(extras, requestId) },
    },
    extras,
  );
  return result.extras;
}

/** Every contract of a parent, whole (the contracts index projects all attributes). */
export async function contractsOfParent(parentId: string): Promise<ContractRecord[]> {
  const found: ContractRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: environment.tableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :all AND begins_with(gsi2sk, :parent)',
        ExpressionAttributeValues: { ':all': 'CONTRACTS', ':parent': `${parentId}#` },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) found.push(strip<ContractRecord>(item) as ContractRecord);
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}
