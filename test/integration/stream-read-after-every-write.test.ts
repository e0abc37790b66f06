import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/keys.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { SUKRU } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 12 item 2: the runtime reads the table's stream only after a write, so that a day on which nothing
 * is written costs nothing. Every write counts, also one through the runtime's own client (`runtime.db`,
 * as tests and tools use it), not only the handlers': the record is handled before the clock moves on.
 */
let rt: TestRuntime | undefined;

afterAll(async () => {
  await rt?.shutdown();
});

describe('the stream after a write on a quiet day', () => {
  it('INV-5: an invoice put straight into the table on Monday 8 March is e-mailed that Monday, not with the next night’s jobs', async () => {
    rt = await startTestRuntime({ start: '2027-03-08' });
    await rt.goTo('2027-03-08');
    expect((await rt.call('PUT', '/parents/p1', SUKRU)).status).toBe(200);
    // The parent's record has gone through the stream: from here nothing is written until the invoice.
    await rt.settle();
    const invoice = {
      type: 'invoice',
      id: 'p1#2027-04',
      number: '2027-000042',
      parentId: 'p1',
      month: '2027-04',
      issuedOn: '2027-03-08',
      debitOn: '2027-04-01',
      lines: [
        {
          kind: 'contract',
          contract: 'c1',
          description: 'Dagopvang (vaste dagen) Elif',
          amount: 37353,
          hoursAtRates: [{ hours: 43.33, rate: 862 }],
        },
      ],
      total: 37353,
      status: 'open',
      paid: 0,
    };
    await rt.db.send(
      new PutCommand({
        TableName: TABLE_NAME,
        Item: {
          ...keys.invoice('p1', '2027-04'),
          ...keys.byParent('p1', 'INVOICE', '2027-04'),
          ...keys.monthInvoices('2027-04', 'p1'),
          ...keys.invoiceByNumber('2027-000042'),
          ...invoice,
        },
      }),
    );
    // The next write is the 00:30 job's: had the runtime missed this one, the e-mail would be dated the 9th.
    await rt.goTo('2027-03-10');
    const invoices = (await rt.emails()).filter((e) => e.kind === 'invoice');
    expect(invoices.map((e) => [e.on, e.to, e.ref])).toEqual([['2027-03-08', SUKRU.email, '2027-000042']]);
  });
});
