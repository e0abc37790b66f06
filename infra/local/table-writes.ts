import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Which DynamoDB requests may have changed a table, for the local runtime's settling: the stream of the
 * table is read again only after such a write. Counted generously: any request but a read, unless every
 * table it names is another one (the runtime's own bookkeeping table has no stream).
 */
const READS = /^(Get|Query|Scan|BatchGet|TransactGet|Describe|List)/;

interface WriteInput {
  TableName?: string;
  RequestItems?: Record<string, unknown>;
  TransactItems?: Record<string, { TableName?: string } | undefined>[];
}

/** The tables a request names; empty when it names none (a PartiQL statement: it may touch any). */
function tablesNamed(input: WriteInput): string[] {
  if (input.TableName) return [input.TableName];
  if (input.RequestItems) return Object.keys(input.RequestItems);
  return (input.TransactItems ?? []).flatMap((item) =>
    Object.values(item).flatMap((action) => (action?.TableName ? [action.TableName] : [])),
  );
}

export function mayWriteTable(command: string, input: WriteInput, table: string): boolean {
  if (READS.test(command)) return false;
  const named = tablesNamed(input);
  return named.length === 0 || named.some((name) => name === table || name.endsWith(`:table/${table}`));
}

/**
 * Adds to a client a middleware that calls `noteWrite` once a request that may have written `table` is
 * answered (also when it failed: a conditional write that was refused costs one more look at the stream).
 * Counted on the answer, when DynamoDB Local has put the change on the stream already.
 */
export function countTableWrites(client: DynamoDBClient, table: string, noteWrite: () => void): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const writes = mayWriteTable(context.commandName ?? '', args.input as WriteInput, table);
      try {
        return await next(args);
      } finally {
        if (writes) noteWrite();
      }
    },
    { step: 'initialize', name: 'countTableWrites', override: true },
  );
}
