import { describe, expect, it } from 'vitest';
import { RUNTIME_TABLE_NAME, TABLE_NAME as TABLE } from '../../infra/local/table-design.ts';
import { mayWriteTable } from '../../infra/local/table-writes.ts';

/**
 * Issue 12 item 2: the local runtime reads the stream again only after a write that may have changed the
 * table. A write missed here would reach its handler late (a day late, on a quiet day): so every kind of
 * write counts, and only reads and writes to other tables (the runtime's own records) do not.
 */
describe('which DynamoDB requests make the local runtime read the stream again', () => {
  it('counts every kind of write to the table, as the handlers send them', () => {
    expect(mayWriteTable('PutItemCommand', { TableName: TABLE }, TABLE)).toBe(true);
    expect(mayWriteTable('UpdateItemCommand', { TableName: TABLE }, TABLE)).toBe(true);
    expect(mayWriteTable('DeleteItemCommand', { TableName: TABLE }, TABLE)).toBe(true);
    expect(mayWriteTable('BatchWriteItemCommand', { RequestItems: { [TABLE]: [] } }, TABLE)).toBe(true);
    expect(
      mayWriteTable(
        'TransactWriteItemsCommand',
        {
          TransactItems: [
            { ConditionCheck: { TableName: RUNTIME_TABLE_NAME } },
            { Put: { TableName: TABLE } },
          ],
        },
        TABLE,
      ),
    ).toBe(true);
    // By ARN, and a PartiQL statement, which names its table only in its text.
    expect(
      mayWriteTable(
        'PutItemCommand',
        { TableName: `arn:aws:dynamodb:eu-west-1:000000000000:table/${TABLE}` },
        TABLE,
      ),
    ).toBe(true);
    expect(mayWriteTable('ExecuteStatementCommand', {}, TABLE)).toBe(true);
  });

  it('does not count reads, nor the runtime’s writes to its own table (it has no stream)', () => {
    for (const read of [
      'GetItemCommand',
      'QueryCommand',
      'ScanCommand',
      'BatchGetItemCommand',
      'TransactGetItemsCommand',
      'DescribeTableCommand',
    ])
      expect(mayWriteTable(read, { TableName: TABLE }, TABLE)).toBe(false);
    expect(mayWriteTable('PutItemCommand', { TableName: RUNTIME_TABLE_NAME }, TABLE)).toBe(false);
    expect(
      mayWriteTable(
        'TransactWriteItemsCommand',
        { TransactItems: [{ Put: { TableName: RUNTIME_TABLE_NAME } }] },
        TABLE,
      ),
    ).toBe(false);
  });
});
