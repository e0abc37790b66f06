import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { HttpError, pathParameter } from '#functions/adapters/http.ts';
import { routes } from '#infra/catalog.ts';
import {
  describeIssues,
  mandateId,
  offerInput,
  type PathParameter,
  parentInput,
  pathParameters,
  plainText,
} from '#shared/records.ts';

/**
 * Issue 7 items 11, 12 and 2, offline: the schema of each path parameter, the characters the one text
 * schema refuses, and the EPC rules for a SEPA mandate id. The connected test
 * (test/integration/input-validation.test.ts) proves the API uses them.
 */
/** The `field: problem` lines the API would answer for `value`; none when it is valid. */
const issuesOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : describeIssues(parsed.error);
};
const codePoints = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i));

describe('issue 7 item 11: path parameters', () => {
  const answer = (name: PathParameter, value: string | undefined) => {
    try {
      return pathParameter({ pathParameters: { [name]: value } } as unknown as APIGatewayProxyEventV2, name);
    } catch (error) {
      return error instanceof HttpError ? { status: error.status, ...error.body } : error;
    }
  };

  it('every parameter in a route of the API has a schema, so a new route cannot skip the check', () => {
    const names = routes.flatMap((r) => [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string));
    expect(names.filter((name) => !(name in pathParameters))).toEqual([]);
  });

  it('is 400 naming the parameter, without echoing what was sent', () => {
    for (const id of ['a#b', '../x', 'x'.repeat(5_000), 'p1\r\n', ''])
      expect(answer('id', id)).toEqual({
        status: 400,
        error: 'invalid request',
        issues: [{ field: 'id', problem: id ? 'must be 1–64 letters, digits, - or _' : 'is required' }],
      });
    expect(answer('month', '2027-13')).toMatchObject({
      issues: [{ field: 'month', problem: 'must be a month as YYYY-MM' }],
    });
    expect(answer('date', '2027-02-29')).toMatchObject({
      issues: [{ field: 'date', problem: 'must be a date as YYYY-MM-DD' }],
    });
    expect(answer('id', undefined)).toMatchObject({ issues: [{ field: 'id', problem: 'is required' }] });
  });

  it('passes a well-formed value on as it is', () => {
    expect(answer('id', 'c-2027_01')).toBe('c-2027_01');
    expect(answer('month', '2027-03')).toBe('2027-03');
    expect(answer('date', '2028-02-29')).toBe('2028-02-29');
  });
});

describe('issue 7 item 12: control and bidi characters', () => {
  const line = plainText(100);
  const free = plainText(500, { lines: 'many' });

  it('refuses every C0 and C1 control, DEL, and the Unicode line and paragraph separators in one line', () => {
    const controls = [...codePoints(0x00, 0x1f), ...codePoints(0x7f, 0x9f), '\u2028', '\u2029'];
    const accepted = controls.filter((c) => line.safeParse(`Şükrü${c}Yılmaz`).success);
    expect(accepted).toEqual([]);
  });

  it('refuses every bidi control: embeddings, overrides, isolates and the direction marks', () => {
    const bidi = ['\u061C', '\u200E', '\u200F', ...codePoints(0x202a, 0x202e), ...codePoints(0x2066, 0x2069)];
    for (const c of bidi)
      expect(issuesOf(line, `Łucja${c}Wiśniewska`)).toEqual([
        { field: '(body)', problem: 'must not contain direction marks or overrides (bidi controls)' },
      ]);
    expect(free.safeParse('Verhuizing\u202E naar Zwolle').success).toBe(false);
  });

  it('refuses a lone surrogate, which is no character at all', () => {
    expect(line.safeParse('Minh\uD800Khai').success).toBe(false);
    expect(line.safeParse('Minh\uDC00Khai').success).toBe(false);
  });

  it('keeps names in every script, emoji included', () => {
    for (const name of [
      'Şükrü Yılmaz',
      'Łucja Wiśniewska',
      'Nguyễn Thị Minh Khai',
      'محمد العلي',
      '王小明',
      'Noor 🌱',
    ])
      expect(line.parse(name)).toBe(name);
  });

  it('lets free text keep line breaks and tabs, but no other control', () => {
    expect(free.parse('Verhuizing naar Zwolle.\r\n\tDank!')).toBe('Verhuizing naar Zwolle.\r\n\tDank!');
    expect(free.safeParse('Verhuizing\u0000').success).toBe(false);
    expect(free.safeParse('Verhuizing\u000B').success).toBe(false);
  });

  it("names the field inside an offer's parent details, not only the parent", () => {
    const offer = {
      parent: { name: 'Şükrü\r\nBcc: x@example.nl', email: 'sukru@example.nl' },
      child: { name: 'Noor', birthDate: '2025-05-10' },
      location: 'De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: { mon: '08:00-18:00' },
      start: '2027-03-01',
    };
    expect(issuesOf(offerInput, offer)).toEqual([
      { field: 'parent.name', problem: 'must not contain control characters (line breaks, tabs)' },
    ]);
    expect(issuesOf(offerInput, { ...offer, parent: 'a#b' })).toEqual([
      { field: 'parent', problem: 'must be 1–64 letters, digits, - or _' },
    ]);
    expect(issuesOf(offerInput, { ...offer, parent: 42 })).toEqual([
      { field: 'parent', problem: "must be a parent's id or the parent's details" },
    ]);
  });
});

describe('issue 7 item 2: SEPA mandate ids (EPC: 1–35 characters of the SEPA set, no leading, trailing or double /)', () => {
  it.each(['M-001', 'MNDT/2027/7', "A-Z a-z 0-9 / - ? : ( ) . , ' +", 'M'.repeat(35)])('accepts %s', (id) => {
    expect(mandateId.safeParse(id).success).toBe(true);
  });

  it.each(['', '/M-001', 'M-001/', 'M//001', 'M_001', 'M#001', 'MANDAAT-Ş1', 'M\n001', 'M'.repeat(36)])(
    'refuses %j',
    (id) => {
      expect(mandateId.safeParse(id).success).toBe(false);
    },
  );

  it('names mandate.id when a parent is given with one', () => {
    const parent = {
      name: 'Şükrü Yılmaz',
      email: 'sukru@example.nl',
      mandate: { id: 'M//1', signed: '2026-12-01' },
    };
    expect(issuesOf(parentInput, parent)).toEqual([
      { field: 'mandate.id', problem: 'must not start or end with / nor contain // (SEPA)' },
    ]);
  });
});

describe('issue 7 item 5: no empty map is stored', () => {
  const base = {
    parent: 'p1',
    child: { name: 'Daan', birthDate: '2025-02-01' },
    location: 'Kindcentrum De Tol',
    start: '2027-03-01',
  };
  it('an empty schedule is no schedule: refused for fixed days, left out for a flexible contract', () => {
    const kdv = offerInput.safeParse({ ...base, product: 'KDV', weeks: 52, schedule: {} });
    expect(kdv.success).toBe(false);
    expect(kdv.error?.issues[0]).toMatchObject({
      path: ['schedule'],
      message: 'needs at least 1 day(s) a week for KDV',
    });
    const flex = offerInput.safeParse({ ...base, product: 'KDV_FLEX', hoursPerMonth: 40, schedule: {} });
    expect(flex.success).toBe(true);
    expect(flex.data?.schedule).toBeUndefined(); // and so never written (the client drops undefined)
  });
});
