import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '#shared/keys.ts';
import type { LetterInput, LetterKind } from '#shared/letters/letter-pdf.ts';
import { dynamo } from '../adapters/clients.ts';
import { environment } from '../adapters/environment.ts';
import { strip } from '../adapters/store.ts';

/**
 * A letter by post (issue 10 item 3, DUN-3, DUN-8): one per kind, invoice and dunning case, whatever is
 * retried. `written`: its PDF is in the exports store (`file`), to print on `on`; `no-address`: the
 * parent has no postal address, and staff have a task to post it by hand or add the address.
 */
export interface LetterRecord {
  type: 'letter';
  /** `<kind>#<invoice>#<caseRef>` */
  id: string;
  kind: LetterKind;
  parentId: string;
  invoice: string;
  on: string;
  registered: boolean;
  status: 'written' | 'no-address';
  /** Where the PDF is (`s3://…` or a local path); none without an address. */
  file?: string;
  /**
   * Without an address, what the letter says, kept so that it can still be printed for its day once
   * staff have added the address (GET /letters).
   */
  content?: LetterContent;
}

export type LetterContent = Pick<LetterInput, 'subject' | 'lines' | 'amounts' | 'amountsAfter'>;

const table = () => environment.tableName();

export async function getLetter(id: string): Promise<LetterRecord | undefined> {
  const result = await dynamo().send(
    new GetCommand({ TableName: table(), Key: keys.letter(id), ConsistentRead: true }),
  );
  return strip<LetterRecord>(result.Item);
}

/** Stores the letter once: a second put (a retried step) returns the first. */
export async function putLetterOnce(letter: LetterRecord): Promise<LetterRecord> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: table(),
        Item: { ...keys.letter(letter.id), ...keys.dayLetters(letter.on, letter.id), ...letter },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return letter;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return (await getLetter(letter.id)) as LetterRecord;
  }
}

/** The letters of a day, in id order (kind, then invoice number). */
export async function lettersOn(on: string): Promise<LetterRecord[]> {
  const found: LetterRecord[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :day',
        ExpressionAttributeValues: { ':day': keys.dayLetters(on, '').gsi2pk },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) found.push(strip<LetterRecord>(item) as LetterRecord);
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}
