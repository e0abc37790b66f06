import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '#shared/keys.ts';
import { TABLE_NAME } from '../../infra/local/table-design.ts';
import { KDV_MONDAYS } from '../support/fixtures.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Failures are visible: a dunning step that fails for good (here: the parent's record is gone, so no
 * reminder can be addressed) is a staff task naming the invoice and the reason, not only a failed
 * execution in a console.
 */
let rt: TestRuntime | undefined;
afterAll(async () => {
  await rt?.shutdown();
});

describe('a dunning case that cannot go on', () => {
  it('becomes a staff task naming the invoice and why', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    const sukru = { name: 'Şükrü Yılmaz', email: 'sukru@example.nl', iban: 'NL02ABNA0123456789' };
    expect((await rt.call('PUT', '/parents/p2', sukru)).status).toBe(200);
    expect(
      (await rt.call('POST', '/contracts', { ...KDV_MONDAYS, id: 'c2', parent: 'p2', start: '2027-01-01' }))
        .status,
    ).toBe(201);
    await rt.goTo('2027-03-01', 20);
    await rt.db.send(new DeleteCommand({ TableName: TABLE_NAME, Key: keys.parent('p2') }));
    await rt.goTo('2027-03-02', 12);
    const tasks = (await rt.call('GET', '/tasks')).body.tasks;
    const stopped = tasks.find((t: { subject: string }) => t.subject === 'dunning#2027-000001#2027-03-01');
    expect(stopped).toMatchObject({ what: 'workflow' });
    expect(stopped.error).toContain('parent p2 not found');
    expect((await rt.emails()).filter((e) => e.kind === 'reminder-1')).toEqual([]);
  }, 180_000);
});
