import {
  type ComplaintCategory,
  type IntakeIssue,
  type IntakeResult,
  parseComplaintIntake,
  type Submitter,
} from './intake.ts';

/** A JSON object (not an array, not null): what a provider's body and its parts must be. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Issue 11 item 1: which question of an organisation's form holds which part of a complaint, as
 * configuration per form, so that another organisation's form maps differently without a change of code.
 * The defaults below are documented in docs/complaint-webhooks.md; keep the two the same.
 */
export interface ComplaintFormMapping {
  /**
   * Per part of the complaint, the form's question: a Typeform field `ref` (or hidden field), a Tally
   * field `key` or its label. A part the form does not ask may be left out, unless the complaint needs it.
   */
  questions: Record<RequiredQuestion, string> & Partial<Record<ComplaintQuestion, string>>;
  /** The choices of the question `submittedBy`, each label → who complains. */
  submitters: Record<string, Submitter>;
  /** The choices of the question `category`, each label → our category (KLA-1). */
  categories: Record<string, ComplaintCategory>;
}

export const COMPLAINT_QUESTIONS = [
  'submittedBy',
  'committeeName',
  'parentName',
  'parentEmail',
  'parentPhone',
  'childName',
  'location',
  'category',
  'complaint',
  'desiredOutcome',
  'invoiceNumber',
] as const;
export type ComplaintQuestion = (typeof COMPLAINT_QUESTIONS)[number];
/** KLA-1: what a complaint cannot do without; the form must ask these. */
export type RequiredQuestion = 'parentName' | 'parentEmail' | 'location' | 'category' | 'complaint';

/** The field of the intake each question fills, as its issues name it. */
export const INTAKE_FIELD_OF_QUESTION: Record<ComplaintQuestion, string> = {
  submittedBy: 'submittedBy',
  committeeName: 'committee.name',
  parentName: 'parent.name',
  parentEmail: 'parent.email',
  parentPhone: 'parent.phone',
  childName: 'child.name',
  location: 'location',
  category: 'category',
  complaint: 'complaint',
  desiredOutcome: 'desiredOutcome',
  invoiceNumber: 'invoiceNumber',
};

/** KLA-1: the category choices of the Dutch complaint form. */
export const DEFAULT_CATEGORY_CHOICES: Record<string, ComplaintCategory> = {
  'Opvang of bejegening': 'care',
  'Contract, prijs, factuur of openingstijden': 'money',
  Anders: 'other',
};

/** KLA-1: who complains, a parent or the parents' committee (*oudercommissie*). */
export const DEFAULT_SUBMITTER_CHOICES: Record<string, Submitter> = {
  'Ouder of verzorger': 'parent',
  Oudercommissie: 'parents-committee',
};

/** Typeform: the `ref` of each question (set under a question's settings, or with the Create API). */
export const TYPEFORM_DEFAULT_MAPPING: ComplaintFormMapping = {
  questions: {
    submittedBy: 'submitted_by',
    committeeName: 'committee_name',
    parentName: 'parent_name',
    parentEmail: 'parent_email',
    parentPhone: 'parent_phone',
    childName: 'child_name',
    location: 'location',
    category: 'category',
    complaint: 'complaint',
    desiredOutcome: 'desired_outcome',
    invoiceNumber: 'invoice_number',
  },
  submitters: DEFAULT_SUBMITTER_CHOICES,
  categories: DEFAULT_CATEGORY_CHOICES,
};

/** Tally: the label of each question as the form shows it (a field's `key` works as well). */
export const TALLY_DEFAULT_MAPPING: ComplaintFormMapping = {
  questions: {
    submittedBy: 'Ingediend door',
    committeeName: 'Naam oudercommissie',
    parentName: 'Naam',
    parentEmail: 'E-mailadres',
    parentPhone: 'Telefoon',
    childName: 'Naam kind',
    location: 'Locatie',
    category: 'Onderwerp',
    complaint: 'Klacht',
    desiredOutcome: 'Gewenste oplossing',
    invoiceNumber: 'Factuurnummer',
  },
  submitters: DEFAULT_SUBMITTER_CHOICES,
  categories: DEFAULT_CATEGORY_CHOICES,
};

/**
 * A form's answer to one question, as the provider module read it: none (not asked, or left empty), a
 * text, the labels chosen, or a problem with the answer itself (an option id the form does not have).
 */
export type FormAnswer =
  | { kind: 'none' }
  | { kind: 'text'; text: string }
  | { kind: 'choices'; labels: string[]; refs?: (string | undefined)[] }
  | { kind: 'other'; value: unknown }
  | { kind: 'problem'; problem: string };

export const NO_ANSWER: FormAnswer = { kind: 'none' };

/** How a provider's body reads: each question's answer, and where its own parts are named. */
export interface ReadForm {
  answer(question: string): FormAnswer;
  /** How an issue names the provider's question: `Typeform ref "parent_email"`, `Tally field "Naam"`. */
  describe(question: string): string;
  submissionId: unknown;
  submittedAt: unknown;
  /** Where the envelope's parts are in the provider's body: `form_response.token`. */
  envelope: { submissionId: string; submittedAt: string };
}

/** Labels are compared as a person reads them: case, surrounding and repeated spaces, composed or not. */
export function sameLabel(a: string, b: string): boolean {
  return normalLabel(a) === normalLabel(b);
}
function normalLabel(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('nl');
}

function choiceOf<T>(
  answer: FormAnswer,
  choices: Record<string, T>,
): { value: T } | { problem: string } | undefined {
  const known = Object.keys(choices);
  const oneOf = `must be one of: ${known.map((k) => `"${k}"`).join(', ')}`;
  if (answer.kind === 'none') return undefined;
  if (answer.kind === 'problem') return { problem: answer.problem };
  if (answer.kind === 'other') return { problem: oneOf };
  const labels = answer.kind === 'text' ? [answer.text] : answer.labels;
  if (labels.length === 0) return undefined;
  if (labels.length > 1) return { problem: `must be one choice, not ${labels.length}` };
  const label = labels[0] as string;
  const ref = answer.kind === 'choices' ? answer.refs?.[0] : undefined;
  // A choice's label may be reworded on the form; its ref (Typeform) stays, so either may be configured.
  const key =
    known.find((k) => sameLabel(k, label)) ?? (ref !== undefined ? known.find((k) => k === ref) : undefined);
  return key === undefined ? { problem: oneOf } : { value: choices[key] as T };
}

function textOf(answer: FormAnswer): { value: unknown } | { problem: string } | undefined {
  switch (answer.kind) {
    case 'none':
      return undefined;
    case 'problem':
      return { problem: answer.problem };
    case 'text':
      return answer.text.trim() === '' ? undefined : { value: answer.text };
    case 'choices':
      if (answer.labels.length === 0) return undefined;
      return answer.labels.length === 1
        ? { value: answer.labels[0] }
        : { problem: `must be one choice, not ${answer.labels.length}` };
    case 'other':
      // A number (an invoice number asked as a number) reads as its digits; anything else is left for the
      // schema to name ("expected string").
      return { value: typeof answer.value === 'number' ? String(answer.value) : answer.value };
  }
}

/**
 * KLA-1: the complaint a form's answers make under `mapping`, or each problem named by our field and by
 * the provider's question it came from (`parent.email: is required (Typeform ref "parent_email")`).
 */
export function intakeFromForm(form: ReadForm, mapping: ComplaintFormMapping): IntakeResult {
  const problems = new Map<string, string>();
  const read = <T>(question: ComplaintQuestion, result: { value: T } | { problem: string } | undefined) => {
    if (result && 'problem' in result) {
      problems.set(INTAKE_FIELD_OF_QUESTION[question], result.problem);
      return undefined;
    }
    return result?.value;
  };
  const answer = (question: ComplaintQuestion) => {
    const asked = mapping.questions[question];
    return asked === undefined ? NO_ANSWER : form.answer(asked);
  };
  const text = (question: ComplaintQuestion) => read(question, textOf(answer(question)));

  const committeeName = text('committeeName');
  // Without an answer to "who complains", a complaint that names a committee is the committee's.
  const submittedBy =
    read('submittedBy', choiceOf(answer('submittedBy'), mapping.submitters)) ??
    (committeeName !== undefined ? 'parents-committee' : 'parent');
  const childName = text('childName');
  const input = {
    submittedBy,
    parent: { name: text('parentName'), email: text('parentEmail'), phone: text('parentPhone') },
    // A committee's name typed on a parent's complaint is not held against the parent.
    committee:
      submittedBy === 'parents-committee' && committeeName !== undefined
        ? { name: committeeName }
        : undefined,
    child: childName !== undefined ? { name: childName } : undefined,
    location: text('location'),
    category: read('category', choiceOf(answer('category'), mapping.categories)),
    complaint: text('complaint'),
    desiredOutcome: text('desiredOutcome'),
    invoiceNumber: text('invoiceNumber'),
    submissionId: form.submissionId,
    submittedAt: form.submittedAt,
  };
  const parsed = parseComplaintIntake(withoutUndefined(input));
  const issues: IntakeIssue[] = [...problems].map(([field, problem]) => ({ field, problem }));
  if ('intake' in parsed && issues.length === 0) return parsed;
  if ('issues' in parsed)
    for (const issue of parsed.issues)
      if (!problems.has(issue.field) && !(issue.field === 'committee' && problems.has('committee.name')))
        issues.push(issue);
  return { issues: issues.map((issue) => ({ ...issue, problem: withSource(issue, form, mapping) })) };
}

/** The issue's problem with the provider's question it came from, so the form's owner can find it. */
function withSource(issue: IntakeIssue, form: ReadForm, mapping: ComplaintFormMapping): string {
  const question =
    issue.field === 'committee'
      ? 'committeeName'
      : COMPLAINT_QUESTIONS.find((q) => INTAKE_FIELD_OF_QUESTION[q] === issue.field);
  const asked = question && mapping.questions[question];
  if (asked) return `${issue.problem} (${form.describe(asked)})`;
  if (issue.field === 'submissionId') return `${issue.problem} (${form.envelope.submissionId})`;
  if (issue.field === 'submittedAt') return `${issue.problem} (${form.envelope.submittedAt})`;
  return issue.problem;
}

/** The object without its unanswered parts: an absent key, never a key holding `undefined`, is stored. */
function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [
        k,
        v && typeof v === 'object' && !Array.isArray(v) ? withoutUndefined(v as Record<string, unknown>) : v,
      ]),
  ) as Partial<T>;
}
