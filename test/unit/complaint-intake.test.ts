import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ComplaintFormMapping,
  TALLY_DEFAULT_MAPPING,
  TYPEFORM_DEFAULT_MAPPING,
} from '#shared/complaints/form-mapping.ts';
import { type ComplaintIntake, type IntakeResult, parseComplaintIntake } from '#shared/complaints/intake.ts';
import { genericToIntake, verifyGenericSignature } from '#shared/complaints/providers/generic.ts';
import { tallyToIntake, verifyTallySignature } from '#shared/complaints/providers/tally.ts';
import { typeformToIntake, verifyTypeformSignature } from '#shared/complaints/providers/typeform.ts';
import {
  COMPLAINT_PROVIDERS,
  type ComplaintProviderName,
  complaintProviders,
  isComplaintProvider,
} from '#shared/complaints/providers.ts';

/**
 * Issue 11 item 1 and KLA-1, offline: each provider's signature checked the way the provider signs, and
 * each provider's body (written from its documentation) mapped onto the complaint, with every problem
 * named by its field. The HTTP handler's tests prove the answers (202/200/401/422) on top of these.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/complaints');
const raw = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const json = (name: string) => JSON.parse(raw(name)) as Record<string, unknown>;

const TYPEFORM_SECRET = 'f1c3a9e07b2d4e6f8a0c1e3b5d7f9a2c4e6b8d0f';
const TALLY_SECRET = 'tally-klachtenformulier-7Qz3Xw';
const GENERIC_SECRET = 'opvang-generic-9d1e7b4c2a';
const SECRETS: Record<ComplaintProviderName, string> = {
  typeform: TYPEFORM_SECRET,
  tally: TALLY_SECRET,
  generic: GENERIC_SECRET,
};
const FIXTURE_OF: Record<ComplaintProviderName, string> = {
  typeform: 'typeform-parent.json',
  tally: 'tally-parent.json',
  generic: 'generic.json',
};
/** 2027-04-12 08:15:00 UTC, in unix seconds: when the generic fixture was signed. */
const SIGNED_AT = 1_807_517_700;
const NOW = new Date((SIGNED_AT + 30) * 1000);

// Signatures computed with openssl, not with our code, so that a mistake shared by `sign` and `verify`
// cannot pass (the recipe is the one in docs/complaint-webhooks.md):
//   openssl dgst -sha256 -hmac "$SECRET" -binary < typeform-parent.json | base64
//   printf '%s.' 1807517700 | cat - generic.json | openssl dgst -sha256 -hmac "$SECRET" -hex
const OPENSSL_HEADERS: Record<ComplaintProviderName, Record<string, string>> = {
  typeform: { 'typeform-signature': 'sha256=zAqU3kXnUcAJGDuPn2l4NyG1/vfFlnAbqUKbZJ5vNog=' },
  tally: { 'tally-signature': 'Pzsg5ziSQ4NB407Gk81te0owCF+iiMTyfjICEJJzLdU=' },
  generic: {
    'opvang-signature': `t=${SIGNED_AT},v1=7cdc477cc08e0ce422ca48aea96fbe3703b6ca544115240bae1f62adfeaebfd6`,
  },
};

const verify = (provider: ComplaintProviderName, body: string, headers: Record<string, string | undefined>) =>
  complaintProviders[provider].verify(body, headers, SECRETS[provider], NOW);
const signed = (provider: ComplaintProviderName, body: string, now = NOW) =>
  complaintProviders[provider].sign(body, SECRETS[provider], now);
const intakeOf = (result: IntakeResult): ComplaintIntake => {
  if ('issues' in result) throw new Error(`not accepted: ${JSON.stringify(result.issues)}`);
  return result.intake;
};
const issuesOf = (result: IntakeResult) => ('issues' in result ? result.issues : []);

/** A Typeform body with the answer to `ref` replaced (or left out, with `undefined`). */
function typeformWith(
  ref: string,
  answer: Record<string, unknown> | undefined,
  name = 'typeform-parent.json',
) {
  const body = json(name) as { form_response: { answers: { field: { ref: string } }[] } };
  const answers = body.form_response.answers.filter((a) => a.field.ref !== ref);
  if (answer) answers.push({ ...answer, field: { id: 'Zz0Zz0Zz0Zz0', type: 'short_text', ref } } as never);
  body.form_response.answers = answers;
  return body;
}
/** A Tally body with the value of the field labelled `label` replaced (or the field left out). */
function tallyWith(label: string, value: unknown, { drop = false } = {}) {
  const body = json('tally-parent.json') as { data: { fields: { label: string; value: unknown }[] } };
  body.data.fields = body.data.fields
    .filter((f) => !(drop && f.label === label))
    .map((f) => (f.label === label ? { ...f, value } : f));
  return body;
}

describe('issue 11 item 1: each fixture verifies with its secret and maps to the complaint (KLA-1)', () => {
  it('Typeform: a parent with a child and an invoice number printed with a space', () => {
    const body = raw('typeform-parent.json');
    expect(verifyTypeformSignature(body, OPENSSL_HEADERS.typeform, TYPEFORM_SECRET, NOW)).toEqual({
      ok: true,
    });
    expect(intakeOf(typeformToIntake(JSON.parse(body)))).toStrictEqual({
      submittedBy: 'parent',
      parent: { name: 'Łucja Wiśniewska', email: 'lucja.wisniewska@example.nl', phone: '+31612345678' },
      child: { name: 'Zofia Wiśniewska' },
      location: 'Kindcentrum De Tol',
      category: 'money',
      complaint:
        'Op de factuur van januari staan 12 uur extra opvang die wij niet hebben afgenomen. Op 14 januari was Zofia ziek thuis; dat hebben we ’s ochtends om 7.45 uur gemeld bij de groepsleiding.\nWe hebben het al twee keer gevraagd bij de administratie, maar kregen geen reactie. Dat vinden we geen prettige bejegening. Graag een gesprek met de coördinator, liefst na 17.00 uur (wij werken allebei tot half vijf).',
      desiredOutcome:
        'Een gecorrigeerde factuur zonder de 12 extra uren, en uitleg over hoe de aanwezigheid geregistreerd wordt.',
      invoiceNumber: '2027-000123',
      submissionId: '0b1c9e4f7a2d44c8a1f3e5d7c9b2a4f6',
      submittedAt: '2027-02-03T09:04:12.000Z',
    });
  });

  it("Typeform: the parents' committee complains, its contact person as the parent, the location from a hidden field", () => {
    const body = raw('typeform-parents-committee.json');
    const header = {
      'Typeform-Signature': 'sha256=+GcwpPD2dMcomtLAlhr/2KS9+xDO0lhp5XuSm7o6nNg=',
    };
    expect(verifyTypeformSignature(body, header, TYPEFORM_SECRET, NOW)).toEqual({ ok: true });
    const intake = intakeOf(typeformToIntake(JSON.parse(body)));
    expect(intake).toMatchObject({
      submittedBy: 'parents-committee',
      committee: { name: 'Oudercommissie De Regenboog' },
      parent: { name: 'Nguyễn Thị Minh Khai', email: 'oc.deregenboog@example.nl' },
      location: 'Kinderdagverblijf De Regenboog',
      category: 'care',
      submissionId: '7e2f4a9c1b3d45e6f8a0c2e4b6d8f0a1',
      submittedAt: '2027-03-15T20:21:47.000Z',
    });
    expect(intake.complaint).toContain('één pedagogisch medewerker op negen kinderen');
    expect(Object.keys(intake)).not.toContain('child');
    expect(Object.keys(intake.parent)).not.toContain('phone');
  });

  it('Tally: the category and location chosen in dropdowns, their option ids resolved to the option texts', () => {
    const body = raw('tally-parent.json');
    expect(verifyTallySignature(body, OPENSSL_HEADERS.tally, TALLY_SECRET, NOW)).toEqual({ ok: true });
    const intake = intakeOf(tallyToIntake(JSON.parse(body)));
    expect(intake).toStrictEqual({
      submittedBy: 'parent',
      parent: { name: 'Şükrü Yılmaz', email: 'sukru.yilmaz@example.nl', phone: '+31 6 2345 6789' },
      child: { name: 'Elif Yılmaz' },
      location: 'Kindcentrum De Tol',
      category: 'care',
      complaint: expect.stringContaining("we zagen het pas 's avonds in bad.\nToen ik het"),
      desiredOutcome:
        'Dat ongelukjes altijd bij het ophalen gemeld worden, en een gesprek met de locatiemanager over het toezicht buiten.',
      submissionId: '2wgx4n9',
      submittedAt: '2027-03-08T19:42:06.000Z',
    });
  });

  it('generic: our own format, signed with a timestamp, its time with an offset stored in UTC', () => {
    const body = raw('generic.json');
    expect(verifyGenericSignature(body, OPENSSL_HEADERS.generic, GENERIC_SECRET, NOW)).toEqual({ ok: true });
    expect(intakeOf(genericToIntake(JSON.parse(body)))).toStrictEqual({
      submittedBy: 'parent',
      parent: { name: 'Mevlüde Çelik-de Graaf', email: 'm.celik-degraaf@example.nl', phone: '06 1234 5678' },
      child: { name: 'Deniz Çelik' },
      location: 'Kindcentrum De Tol',
      category: 'money',
      complaint:
        'Sinds 1 april sluit de BSO om 18.00 uur in plaats van 18.30 uur. Dat is ons niet twee maanden van tevoren laten weten, terwijl het contract dat wel vraagt.\nIk moet nu elke dag eerder van mijn werk weg.',
      desiredOutcome: 'De oude sluitingstijd tot de zomervakantie, of een korting over april.',
      invoiceNumber: '2027-000311',
      submissionId: 'website-klacht-2027-0042',
      submittedAt: '2027-04-12T08:15:00.000Z',
    });
  });

  it('what `sign` sends (the simulator and the bench post with it) is what the provider would send', () => {
    for (const provider of COMPLAINT_PROVIDERS) {
      const body = raw(FIXTURE_OF[provider]);
      const now = provider === 'generic' ? new Date(SIGNED_AT * 1000) : NOW;
      const sent = signed(provider, body, now);
      expect(Object.values(sent)).toEqual(Object.values(OPENSSL_HEADERS[provider]));
      expect(Object.keys(sent)).toEqual([complaintProviders[provider].signatureHeader]);
      expect(verify(provider, body, sent)).toEqual({ ok: true });
    }
  });

  it("Tally: a body signed as Tally's own example does (JSON.stringify of the parsed body) verifies too", () => {
    const body = raw('tally-parent.json');
    const restated = JSON.stringify(JSON.parse(body));
    expect(restated).not.toBe(body);
    const asTallyExample = createHmac('sha256', TALLY_SECRET).update(restated).digest('base64');
    expect(verify('tally', body, { 'tally-signature': asTallyExample })).toEqual({ ok: true });
    // Only for Tally: Typeform signs the raw payload, and so does our generic format.
    const typeformBody = raw('typeform-parent.json');
    const restatedTypeform = createHmac('sha256', TYPEFORM_SECRET)
      .update(JSON.stringify(JSON.parse(typeformBody)))
      .digest('base64');
    expect(verify('typeform', typeformBody, { 'typeform-signature': `sha256=${restatedTypeform}` })).toEqual({
      ok: false,
      problem: 'wrong-signature',
    });
    // A changed body is still refused, however it is spaced.
    const changed = body.replace('Şükrü Yılmaz', 'Sukru Yilmaz');
    expect(verify('tally', changed, { 'tally-signature': asTallyExample })).toEqual({
      ok: false,
      problem: 'wrong-signature',
    });
  });

  it('finds the header whatever the case of its name (API Gateway gives them in lower case)', () => {
    const body = raw('typeform-parent.json');
    const value = OPENSSL_HEADERS.typeform['typeform-signature'];
    for (const name of ['typeform-signature', 'Typeform-Signature', 'TYPEFORM-SIGNATURE'])
      expect(verify('typeform', body, { 'content-type': 'application/json', [name]: value })).toEqual({
        ok: true,
      });
  });

  it('knows the three providers by the name in the path, and no other', () => {
    expect(COMPLAINT_PROVIDERS.filter(isComplaintProvider)).toEqual(['typeform', 'tally', 'generic']);
    for (const name of ['Typeform', 'jotform', '', undefined, '__proto__', 'constructor'])
      expect(isComplaintProvider(name)).toBe(false);
  });
});

describe('issue 11 item 1: a request that is not signed right is refused, each problem named (401)', () => {
  it.each(COMPLAINT_PROVIDERS)('%s: another secret is a wrong signature', (provider) => {
    const body = raw(FIXTURE_OF[provider]);
    const other = complaintProviders[provider].sign(body, `${SECRETS[provider]}-old`, NOW);
    expect(verify(provider, body, other)).toEqual({ ok: false, problem: 'wrong-signature' });
    expect(complaintProviders[provider].verify(body, signed(provider, body), 'another-secret', NOW)).toEqual({
      ok: false,
      problem: 'wrong-signature',
    });
  });

  it.each(COMPLAINT_PROVIDERS)(
    '%s: no signature header (or an empty one) is a missing header',
    (provider) => {
      const body = raw(FIXTURE_OF[provider]);
      expect(verify(provider, body, { 'content-type': 'application/json' })).toEqual({
        ok: false,
        problem: 'missing-header',
      });
      const name = complaintProviders[provider].signatureHeader;
      expect(verify(provider, body, { [name]: '' })).toEqual({ ok: false, problem: 'missing-header' });
      expect(verify(provider, body, { [name]: undefined })).toEqual({ ok: false, problem: 'missing-header' });
    },
  );

  it.each(COMPLAINT_PROVIDERS)('%s: a body changed in one byte no longer verifies', (provider) => {
    const body = raw(FIXTURE_OF[provider]);
    const headers = OPENSSL_HEADERS[provider];
    expect(verify(provider, body, headers)).toEqual({ ok: true });
    // "2027 000123" → "2027 000124", "Şükrü" → "Şükrü " …: the last digit in the body, one byte up.
    const at = body.search(/\d(?=\D*$)/);
    const tampered = body.slice(0, at) + String((Number(body[at]) + 1) % 10) + body.slice(at + 1);
    expect(Buffer.byteLength(tampered)).toBe(Buffer.byteLength(body));
    expect(verify(provider, tampered, headers)).toEqual({ ok: false, problem: 'wrong-signature' });
    expect(verify(provider, `${body} `, headers)).toEqual({ ok: false, problem: 'wrong-signature' });
  });

  it.each(COMPLAINT_PROVIDERS)('%s: a signature of another length is refused, not thrown on', (provider) => {
    const body = raw(FIXTURE_OF[provider]);
    const [name, value] = Object.entries(OPENSSL_HEADERS[provider])[0] as [string, string];
    // Only the signature itself changes length: its scheme (`sha256=`, `t=…,v1=`) stays as sent.
    const scheme = value.match(/^(sha256=|t=\d+,v1=)?/)?.[0] ?? '';
    const signature = value.slice(scheme.length);
    for (const changed of [
      signature.slice(0, -1),
      `${signature}A`,
      signature.repeat(2),
      signature.slice(0, 12),
      'x',
    ])
      expect(verify(provider, body, { [name]: scheme + changed })).toEqual({
        ok: false,
        problem: 'wrong-signature',
      });
  });

  it('a header in another scheme than the provider signs with is a wrong scheme', () => {
    const typeformBody = raw('typeform-parent.json');
    const sha1 = createHmac('sha1', TYPEFORM_SECRET).update(typeformBody).digest('base64');
    expect(verify('typeform', typeformBody, { 'Typeform-Signature': `sha1=${sha1}` })).toEqual({
      ok: false,
      problem: 'wrong-scheme',
    });
    const bare = OPENSSL_HEADERS.typeform['typeform-signature']?.slice('sha256='.length) as string;
    expect(verify('typeform', typeformBody, { 'Typeform-Signature': bare })).toEqual({
      ok: false,
      problem: 'wrong-scheme',
    });
    const tallyBody = raw('tally-parent.json');
    expect(
      verify('tally', tallyBody, { 'Tally-Signature': `sha256=${OPENSSL_HEADERS.tally['tally-signature']}` }),
    ).toEqual({ ok: false, problem: 'wrong-scheme' });
    const genericBody = raw('generic.json');
    const v1 = OPENSSL_HEADERS.generic['opvang-signature']?.split('v1=')[1];
    expect(verify('generic', genericBody, { 'Opvang-Signature': `t=${SIGNED_AT},v0=${v1}` })).toEqual({
      ok: false,
      problem: 'wrong-scheme',
    });
  });

  it('generic: a header without a time, or with two, does not parse', () => {
    const body = raw('generic.json');
    const v1 = OPENSSL_HEADERS.generic['opvang-signature']?.split('v1=')[1];
    for (const header of [
      `v1=${v1}`,
      `t=,v1=${v1}`,
      `t=12:00,v1=${v1}`,
      `t=${SIGNED_AT},t=${SIGNED_AT},v1=${v1}`,
    ])
      expect(verify('generic', body, { 'Opvang-Signature': header })).toEqual({
        ok: false,
        problem: 'malformed-header',
      });
  });

  it('generic: signed 6 minutes before or after now is refused (no replays); within 5 minutes it passes', () => {
    const body = raw('generic.json');
    const at = (seconds: number) => new Date((SIGNED_AT + seconds) * 1000);
    const check = (nowOffset: number) =>
      verifyGenericSignature(body, OPENSSL_HEADERS.generic, GENERIC_SECRET, at(nowOffset));
    expect(check(6 * 60)).toEqual({ ok: false, problem: 'timestamp-outside-window' });
    expect(check(-6 * 60)).toEqual({ ok: false, problem: 'timestamp-outside-window' });
    expect(check(5 * 60 + 1)).toEqual({ ok: false, problem: 'timestamp-outside-window' });
    expect(check(5 * 60)).toEqual({ ok: true });
    expect(check(-5 * 60)).toEqual({ ok: true });
    // The time is signed with the body: moving it to now breaks the signature instead.
    const replayed = {
      'Opvang-Signature': OPENSSL_HEADERS.generic['opvang-signature']?.replace(
        /t=\d+/,
        `t=${SIGNED_AT + 360}`,
      ),
    };
    expect(verifyGenericSignature(body, replayed, GENERIC_SECRET, at(360))).toEqual({
      ok: false,
      problem: 'wrong-signature',
    });
  });

  it('generic: while a secret is rotated, one of several v1 signatures made with this secret is enough', () => {
    const body = raw('generic.json');
    const ours = OPENSSL_HEADERS.generic['opvang-signature']?.split('v1=')[1];
    const header = `t=${SIGNED_AT},v1=${'0'.repeat(64)},v1=${ours}`;
    expect(verify('generic', body, { 'Opvang-Signature': header })).toEqual({ ok: true });
  });

  it('an empty secret is a configuration error, never a pass', () => {
    const body = raw('typeform-parent.json');
    const emptySigned = `sha256=${createHmac('sha256', '').update(body).digest('base64')}`;
    expect(() => verifyTypeformSignature(body, { 'Typeform-Signature': emptySigned }, '', NOW)).toThrow(
      'no signing secret',
    );
  });
});

describe('KLA-1: a missing or invalid answer is named by our field and by the form question (422)', () => {
  it('Typeform: each required answer left out names our field and the ref', () => {
    const expected: Record<string, [string, string]> = {
      parent_name: ['parent.name', 'is required (Typeform ref "parent_name")'],
      parent_email: ['parent.email', 'is required (Typeform ref "parent_email")'],
      location: ['location', 'is required (Typeform ref "location")'],
      category: ['category', 'is required (Typeform ref "category")'],
      complaint: ['complaint', 'is required (Typeform ref "complaint")'],
    };
    for (const [ref, [field, problem]] of Object.entries(expected))
      expect(issuesOf(typeformToIntake(typeformWith(ref, undefined)))).toEqual([{ field, problem }]);
  });

  it('Typeform: several missing at once are all named', () => {
    const body = typeformWith('parent_email', undefined);
    body.form_response.answers = body.form_response.answers.filter((a) => a.field.ref !== 'complaint');
    expect(issuesOf(typeformToIntake(body)).map((i) => i.field)).toEqual(['parent.email', 'complaint']);
  });

  it('Tally: each required field left out or empty names our field and the label', () => {
    expect(issuesOf(tallyToIntake(tallyWith('E-mailadres', null)))).toEqual([
      { field: 'parent.email', problem: 'is required (Tally field "E-mailadres")' },
    ]);
    expect(issuesOf(tallyToIntake(tallyWith('Klacht', '   ')))).toEqual([
      { field: 'complaint', problem: 'is required (Tally field "Klacht")' },
    ]);
    expect(issuesOf(tallyToIntake(tallyWith('Onderwerp', null, { drop: true })))).toEqual([
      { field: 'category', problem: 'is required (Tally field "Onderwerp")' },
    ]);
  });

  it('an answer that is there but wrong is named with what it must be', () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [
        typeformWith('parent_email', { type: 'email', email: 'lucja.wisniewska@' }),
        'parent.email',
        'must be an e-mail address (Typeform ref "parent_email")',
      ],
      [
        typeformWith('invoice_number', { type: 'text', text: '2027-12345' }),
        'invoiceNumber',
        'must be an invoice number like 2027-000123 (Typeform ref "invoice_number")',
      ],
      [
        typeformWith('complaint', { type: 'text', text: 'x'.repeat(10_001) }),
        'complaint',
        'must be at most 10000 characters (Typeform ref "complaint")',
      ],
      [
        typeformWith('parent_name', { type: 'text', text: 'Łucja\u202EWiśniewska' }),
        'parent.name',
        'must not contain direction marks or overrides (bidi controls) (Typeform ref "parent_name")',
      ],
      [
        typeformWith('parent_name', { type: 'text', text: 'Łucja\r\nBcc: x@example.nl' }),
        'parent.name',
        'must not contain control characters (line breaks, tabs) (Typeform ref "parent_name")',
      ],
    ];
    for (const [body, field, problem] of cases)
      expect(issuesOf(typeformToIntake(body))).toEqual([{ field, problem }]);
  });

  it('a category choice the mapping does not know names the field and the choices it knows', () => {
    const oneOf =
      'must be one of: "Opvang of bejegening", "Contract, prijs, factuur of openingstijden", "Anders"';
    const typeform = typeformWith('category', {
      type: 'choice',
      choice: { id: 'w6', label: 'Eten en drinken' },
    });
    expect(issuesOf(typeformToIntake(typeform))).toEqual([
      { field: 'category', problem: `${oneOf} (Typeform ref "category")` },
    ]);
    // Typeform's "Other" choice with the respondent's own words is no category either.
    const other = typeformWith('category', { type: 'choice', choice: { other: 'Het eten' } });
    expect(issuesOf(typeformToIntake(other))).toEqual([
      { field: 'category', problem: `${oneOf} (Typeform ref "category")` },
    ]);
    const tally = json('tally-parent.json') as { data: { fields: Record<string, unknown>[] } };
    const onderwerp = tally.data.fields.find((f) => f.label === 'Onderwerp') as {
      options: { text: string }[];
    };
    (onderwerp.options[0] as { text: string }).text = 'Eten en drinken';
    expect(issuesOf(tallyToIntake(tally))).toEqual([
      { field: 'category', problem: `${oneOf} (Tally field "Onderwerp")` },
    ]);
  });

  it('Tally: an option id the field does not list, or two categories ticked, is named', () => {
    expect(issuesOf(tallyToIntake(tallyWith('Onderwerp', ['9f9f9f9f-0000-4000-8000-000000000000'])))).toEqual(
      [
        {
          field: 'category',
          problem:
            'must be one of the form’s options (Tally sent an unknown option id) (Tally field "Onderwerp")',
        },
      ],
    );
    const two = ['e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', 'a3b4c5d6-e7f8-4a9b-0c1d-2e3f4a5b6c7d'];
    expect(issuesOf(tallyToIntake(tallyWith('Onderwerp', two)))).toEqual([
      { field: 'category', problem: 'must be one choice, not 2 (Tally field "Onderwerp")' },
    ]);
  });

  it("the parents' committee without the committee's name is named, by its question", () => {
    const body = typeformWith('committee_name', undefined, 'typeform-parents-committee.json');
    expect(issuesOf(typeformToIntake(body))).toEqual([
      {
        field: 'committee.name',
        problem: 'is required for a complaint of the parents\' committee (Typeform ref "committee_name")',
      },
    ]);
    // Named together with any other problem, so that one answer names them all.
    body.form_response.answers = body.form_response.answers.filter((a) => a.field.ref !== 'parent_email');
    expect(issuesOf(typeformToIntake(body)).map((i) => i.field)).toEqual(['parent.email', 'committee.name']);
    // A committee's name typed on a parent's complaint is not held against the parent.
    const parent = json('tally-parent.json') as { data: { fields: { label: string; value: unknown }[] } };
    (parent.data.fields.find((f) => f.label === 'Naam oudercommissie') as { value: unknown }).value = 'OC';
    expect(intakeOf(tallyToIntake(parent))).not.toHaveProperty('committee');
    expect(issuesOf(genericToIntake({ ...json('generic.json'), committee: { name: 'OC De Tol' } }))).toEqual([
      { field: 'committee', problem: "is given only for a complaint of the parents' committee" },
    ]);
    // Without the question "who complains" on the form, a committee's name makes it the committee's.
    const noSubmitter = typeformWith('submitted_by', undefined, 'typeform-parents-committee.json');
    expect(intakeOf(typeformToIntake(noSubmitter)).submittedBy).toBe('parents-committee');
  });

  it('a body of another event, or without answers, is named as such', () => {
    expect(
      issuesOf(typeformToIntake({ ...json('typeform-parent.json'), event_type: 'form_partial_response' })),
    ).toEqual([{ field: 'event_type', problem: 'must be form_response (Typeform)' }]);
    expect(issuesOf(typeformToIntake({ event_type: 'form_response', form_response: {} }))).toEqual([
      { field: 'form_response.answers', problem: 'is required (Typeform)' },
    ]);
    expect(issuesOf(tallyToIntake({ eventType: 'FORM_RESPONSE' }))).toEqual([
      { field: 'data.fields', problem: 'is required (Tally)' },
    ]);
    for (const body of [null, [], 'klacht', 42])
      for (const provider of COMPLAINT_PROVIDERS)
        expect(issuesOf(complaintProviders[provider].toIntake(body))).toEqual([
          { field: '(body)', problem: 'must be a JSON object' },
        ]);
  });

  it("the provider's submission id and time are required: the id makes a retried delivery the same complaint", () => {
    const body = json('typeform-parent.json') as { form_response: Record<string, unknown> };
    delete body.form_response.token;
    body.form_response.submitted_at = 'gisteren';
    expect(issuesOf(typeformToIntake(body))).toEqual([
      { field: 'submissionId', problem: 'is required (Typeform form_response.token)' },
      {
        field: 'submittedAt',
        problem: 'must be a date and time like 2027-02-03T09:15:00Z (Typeform form_response.submitted_at)',
      },
    ]);
    // An id that could address another record in a key is refused.
    const generic = { ...json('generic.json'), submissionId: 'COMPLAINT#k1' };
    expect(issuesOf(genericToIntake(generic))).toEqual([
      { field: 'submissionId', problem: 'must be 1–128 letters, digits, - _ . or :' },
    ]);
  });

  it('generic: a misspelt or unknown field is named rather than dropped', () => {
    const { desiredOutcome, ...rest } = json('generic.json');
    expect(issuesOf(genericToIntake({ ...rest, desired_outcome: desiredOutcome }))).toEqual([
      { field: '(body)', problem: expect.stringContaining('desired_outcome') },
    ]);
    expect(issuesOf(genericToIntake({ ...json('generic.json'), category: 'food' }))).toEqual([
      { field: 'category', problem: 'must be one of care, money, other' },
    ]);
  });
});

describe('KLA-1: what the parent typed is kept as typed', () => {
  it('markup and script in the complaint stay plain text: nothing stripped, nothing interpreted', () => {
    const text =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a placeholder a parent types must stay text
      'Zie <b>vet</b> & <i>cursief</i>: <script>alert("klacht")</script>\n<img src=x onerror=alert(1)> &amp; &lt;p&gt; ${7*7} {{7*7}}';
    for (const result of [
      typeformToIntake(typeformWith('complaint', { type: 'text', text })),
      tallyToIntake(tallyWith('Klacht', text)),
      genericToIntake({
        ...json('generic.json'),
        complaint: text,
        desiredOutcome: '<a href="javascript:x">klik</a>',
      }),
    ])
      expect(intakeOf(result).complaint).toBe(text);
    const generic = intakeOf(
      genericToIntake({
        ...json('generic.json'),
        parent: { name: 'Łucja <Wiśniewska>', email: 'lucja.wisniewska@example.nl' },
      }),
    );
    expect(generic.parent.name).toBe('Łucja <Wiśniewska>');
  });

  it('a 90-character double-barrelled name passes whole', () => {
    const name = 'Anne-Marie Josephine Wiśniewska-Yılmaz van den Heuvel tot Oost-Voorne-Nguyễn Thị Minh Khai';
    expect(name).toHaveLength(90);
    const intake = intakeOf(typeformToIntake(typeformWith('parent_name', { type: 'text', text: name })));
    expect(intake.parent.name).toBe(name);
  });

  it('an invoice number is taken as printed or typed, and kept as we issue it (INV-4)', () => {
    for (const typed of ['2027-000123', '2027 000123', '2027000123', ' 2027 - 000123 ', '2027–000123'])
      expect(intakeOf(genericToIntake({ ...json('generic.json'), invoiceNumber: typed })).invoiceNumber).toBe(
        '2027-000123',
      );
    // Asked in Typeform as a number question, it arrives as a number.
    const asNumber = typeformWith('invoice_number', { type: 'number', number: 2027000123 });
    expect(intakeOf(typeformToIntake(asNumber)).invoiceNumber).toBe('2027-000123');
    for (const typed of ['27-000123', '2027-0001234', 'F2027-000123', '2027/000123'])
      expect(issuesOf(genericToIntake({ ...json('generic.json'), invoiceNumber: typed }))).toEqual([
        { field: 'invoiceNumber', problem: 'must be an invoice number like 2027-000123' },
      ]);
  });

  it('the schema alone names every field of a complaint that lacks them', () => {
    expect(issuesOf(parseComplaintIntake({})).map((i) => i.field)).toEqual([
      'submittedBy',
      'parent',
      'location',
      'category',
      'complaint',
      'submissionId',
      'submittedAt',
    ]);
  });
});

describe('issue 11 item 1: the mapping is configuration per form, not code', () => {
  it("another organisation's Typeform with its own refs and English choices maps without a change of code", () => {
    const mapping: ComplaintFormMapping = {
      ...TYPEFORM_DEFAULT_MAPPING,
      questions: {
        ...TYPEFORM_DEFAULT_MAPPING.questions,
        parentName: 'naam_ouder',
        category: 'soort_klacht',
      },
      categories: {
        'Care or conduct': 'care',
        'Contract, price, invoice or opening hours': 'money',
        Other: 'other',
      },
    };
    const body = typeformWith('parent_name', undefined) as { form_response: { answers: unknown[] } };
    const withOwn = typeformWith('category', undefined) as { form_response: { answers: unknown[] } };
    withOwn.form_response.answers = [
      ...body.form_response.answers.filter((a) => (a as { field: { ref: string } }).field.ref !== 'category'),
      { type: 'text', text: 'Łucja Wiśniewska', field: { id: 'a1', type: 'short_text', ref: 'naam_ouder' } },
      {
        type: 'choice',
        choice: { label: 'care or conduct ' },
        field: { id: 'a2', type: 'dropdown', ref: 'soort_klacht' },
      },
    ];
    const intake = intakeOf(typeformToIntake(withOwn, mapping));
    expect(intake.parent.name).toBe('Łucja Wiśniewska');
    expect(intake.category).toBe('care');
    // The default mapping does not know that form.
    expect(issuesOf(typeformToIntake(withOwn)).map((i) => i.field)).toEqual(['parent.name', 'category']);
  });

  it('a form that does not ask an optional question needs no ref for it', () => {
    const { parentPhone, childName, ...asked } = TYPEFORM_DEFAULT_MAPPING.questions;
    const intake = intakeOf(
      typeformToIntake(json('typeform-parent.json'), { ...TYPEFORM_DEFAULT_MAPPING, questions: asked }),
    );
    expect(intake.parent).toStrictEqual({ name: 'Łucja Wiśniewska', email: 'lucja.wisniewska@example.nl' });
    expect(intake).not.toHaveProperty('child');
    expect([parentPhone, childName]).toEqual(['parent_phone', 'child_name']);
  });

  it('a Typeform choice reworded on the form still maps by its ref when the mapping names the ref', () => {
    const mapping: ComplaintFormMapping = { ...TYPEFORM_DEFAULT_MAPPING, categories: { geld: 'money' } };
    const body = typeformWith('category', {
      type: 'choice',
      choice: { id: 'u4WcXd5eYf6g', ref: 'geld', label: 'Contract, prijs of factuur' },
    });
    expect(intakeOf(typeformToIntake(body, mapping)).category).toBe('money');
  });

  it('Tally: a question found by its key when the label is another, a label compared as read', () => {
    const mapping: ComplaintFormMapping = {
      ...TALLY_DEFAULT_MAPPING,
      questions: { ...TALLY_DEFAULT_MAPPING.questions, complaint: 'question_Hs2Uf7', location: 'LOCATIE ' },
    };
    const body = tallyWith('Klacht', 'Ons kind kreeg pindakaas terwijl de allergie bekend is.');
    (body.data.fields.find((f) => f.label === 'Klacht') as { label: string }).label = 'Wat is uw klacht?';
    const intake = intakeOf(tallyToIntake(body, mapping));
    expect(intake.complaint).toBe('Ons kind kreeg pindakaas terwijl de allergie bekend is.');
    expect(intake.location).toBe('Kindcentrum De Tol');
  });

  it('"Naam" is the parent\'s name, never the child\'s "Naam kind" or the committee\'s name', () => {
    expect(issuesOf(tallyToIntake(tallyWith('Naam', null, { drop: true })))).toEqual([
      { field: 'parent.name', problem: 'is required (Tally field "Naam")' },
    ]);
  });
});
