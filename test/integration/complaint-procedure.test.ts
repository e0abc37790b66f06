import { afterAll, describe, expect, it } from 'vitest';
import { complaintFixture, postComplaint } from '../support/complaints.ts';
import { twoFamiliesPayingByTransfer } from '../support/dunning.ts';
import { startTestRuntime, type TestRuntime } from '../support/local-runtime.ts';

/**
 * Issue 11 item 2 through the real pipeline on the virtual clock. On Thursday 25 February 2027 two
 * families complain: Şükrü through the Typeform form about his March invoice (2027-000001), Łucja through
 * our own form about the care. Neither pays March by its due date, 1 March.
 * - Şükrü's invoice is disputed while his complaint runs (DUN-11): no reminder. It is answered on Monday
 *   15 March, in week 3 (KLA-4): the answer goes out that day, and the dunning resumes the next working day.
 * - Łucja's is never answered: the next steps on day 28, 25 March (KLA-5), the escalation on day 42,
 *   8 April (KLA-7), each with the last day to file with the Geschillencommissie, 25 February 2028 (KLA-6).
 *   Her invoice is not disputed (her complaint is about the care): her reminder goes out on 2 March.
 */
let rt: TestRuntime | undefined;
afterAll(async () => {
  await rt?.shutdown();
});

const fixture = complaintFixture;

const webhook = postComplaint;

/** Şükrü's complaint about his invoice, as Typeform posts it. */
function sukruComplaint() {
  const body = fixture('typeform-parent');
  body.event_id = '01JN7W3S8Q2B6K0Y4T9D1R5F3A';
  body.form_response.token = 'sukru0000000000000000000000000001';
  body.form_response.submitted_at = '2027-02-25T08:12:00Z';
  for (const answer of body.form_response.answers) {
    if (answer.field.ref === 'parent_name') answer.text = 'Şükrü Yılmaz';
    if (answer.field.ref === 'parent_email') answer.email = 'sukru@example.nl';
    if (answer.field.ref === 'invoice_number') answer.text = '2027 000001';
  }
  return body;
}

/** Łucja's complaint about the care, through our own signed form. */
function lucjaComplaint() {
  return {
    ...fixture('generic'),
    submissionId: 'website-klacht-2027-0007',
    submittedAt: '2027-02-25T09:30:00+01:00',
    parent: { name: 'Łucja Wiśniewska', email: 'lucja@example.nl' },
    category: 'care',
    complaint: 'Mijn dochter werd om 17.55 uur nog niet aangekleed. Niemand belde.',
    invoiceNumber: undefined,
  };
}

describe('issue 11 item 2: the procedure of a complaint answered in week 3 and of one never answered', () => {
  it('sends each message on its day, holds the disputed invoice out of dunning until the answer, and escalates the other', async () => {
    rt = await startTestRuntime({ start: '2027-02-19' });
    await rt.goTo('2027-02-19');
    await twoFamiliesPayingByTransfer(rt);
    await rt.goTo('2027-02-25', 10);
    const sukru = await webhook(rt, 'typeform', sukruComplaint());
    const lucja = await webhook(rt, 'generic', lucjaComplaint());
    expect([sukru.status, lucja.status]).toEqual([202, 202]);

    // KLA-2: both acknowledged the same day; DUN-11: Şükrü's invoice disputed.
    await rt.goTo('2027-02-25', 11);
    const mails = async (to: string) =>
      (await rt?.emails())?.filter((e) => e.to === to && e.kind !== 'invoice').map((e) => [e.on, e.kind]) ??
      [];
    expect(await mails('sukru@example.nl')).toEqual([['2027-02-25', 'complaint-received']]);
    expect(await mails('lucja@example.nl')).toEqual([['2027-02-25', 'complaint-received']]);
    const disputed = (await rt.call('GET', '/parents/p2/account')).body.invoices[0];
    expect(disputed.number).toBe('2027-000001');

    // Found unpaid on 1 March: Łucja is reminded on 2 March; Şükrü's disputed invoice is not.
    await rt.goTo('2027-03-02', 12);
    expect(await mails('sukru@example.nl')).toEqual([['2027-02-25', 'complaint-received']]);
    expect((await mails('lucja@example.nl')).at(-1)).toEqual(['2027-03-02', 'reminder-1']);

    // KLA-4: answered on Monday 15 March (week 3): the reasoned answer goes out at once.
    await rt.goTo('2027-03-15', 14);
    const answered = await rt.call('POST', `/complaints/${sukru.body.complaint}/answer`, {
      answer: 'U heeft gelijk: de 12 uur extra opvang van 14 januari worden gecrediteerd.',
      reasons: 'Zofia was die dag ziek gemeld; de registratie is niet bijgewerkt.',
      measures: 'De groepsleiding registreert ziekmeldingen voortaan dezelfde ochtend.',
      measuresBy: '2027-04-01',
    });
    expect(answered.status).toBe(200);
    expect(
      (
        await rt.call('POST', `/complaints/${sukru.body.complaint}/answer`, {
          answer: 'Iets anders.',
          reasons: 'x',
        })
      ).status,
    ).toBe(409);
    await rt.goTo('2027-03-15', 15);
    const answerMail = (await rt.emails()).find((e) => e.kind === 'complaint-answer');
    expect([answerMail?.to, answerMail?.on]).toEqual(['sukru@example.nl', '2027-03-15']);
    expect(answerMail?.text).toContain('uiterlijk 1 april 2027');
    expect(answerMail?.text).toContain('uiterlijk 25 februari 2028');
    expect((await rt.call('GET', `/complaints/${sukru.body.complaint}`)).body.complaint).toMatchObject({
      status: 'answered',
      answerSentOn: '2027-03-15',
    });

    // DUN-11: the dispute ends with the answer: the dunning resumes on the next working day.
    await rt.goTo('2027-03-16', 12);
    expect((await mails('sukru@example.nl')).at(-1)).toEqual(['2027-03-16', 'reminder-1']);

    // KLA-5: Łucja's, unanswered, on day 28; KLA-7: escalated on day 42; KLA-6: the filing date in both.
    await rt.goTo('2027-04-08', 12);
    const lucjaMails = (await rt.emails()).filter(
      (e) => e.to === 'lucja@example.nl' && e.kind.startsWith('complaint'),
    );
    expect(lucjaMails.map((e) => [e.on, e.kind])).toEqual([
      ['2027-02-25', 'complaint-received'],
      ['2027-03-25', 'complaint-next-steps'],
      ['2027-04-08', 'complaint-overdue'],
    ]);
    for (const mail of lucjaMails.slice(1)) {
      expect(mail.text).toContain('uiterlijk 25 februari 2028');
      expect(mail.text).toContain('0900-1877');
    }
    expect(lucjaMails[2]?.text).toContain('rechtstreeks');
    const escalated = (await rt.call('GET', '/complaints?status=escalated')).body.complaints;
    expect(escalated.map((c: { id: string }) => c.id)).toEqual([lucja.body.complaint]);
    const overdue = (await rt.call('GET', '/complaints?overdue=true')).body.complaints;
    expect(overdue.map((c: { id: string }) => c.id)).toEqual([lucja.body.complaint]);
    const tasks = (await rt.call('GET', '/tasks')).body.tasks.map((t: { subject: string }) => t.subject);
    expect(tasks).toContain(`escalated#${lucja.body.complaint}`);
    // Şükrü, answered in time, heard nothing of next steps or escalation.
    expect(
      (await mails('sukru@example.nl')).filter(
        ([, kind]) => kind === 'complaint-next-steps' || kind === 'complaint-overdue',
      ),
    ).toEqual([]);

    // KLA-8: the parent went to the Klachtenloket, then filed; recorded on the case.
    const stage = await rt.call('POST', `/complaints/${lucja.body.complaint}/stages`, {
      stage: 'dispute-filed',
      on: '2027-04-12',
      note: 'Geschil ingediend bij De Geschillencommissie Kinderopvang',
    });
    expect(stage.status).toBe(201);
    expect(stage.body.complaint.status).toBe('external');
  }, 300_000);
});
