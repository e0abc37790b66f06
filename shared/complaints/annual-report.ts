import type { IsoDate } from '../calendar.ts';
import { csvField } from '../csv.ts';
import type { Location, Policy } from '../policy.ts';
import type { ComplaintCategory } from './deadlines.ts';
import { sameLabel } from './form-mapping.ts';
import type { Submitter } from './intake.ts';

/**
 * KLA-9 (Wet kinderopvang art. 1.57b): the annual complaints report per location, for the supervisor (the
 * GGD) before 1 June of the next year and for the parents. It holds counts and category words only: no
 * name, e-mail address, phone number, child, invoice number, complaint id or text of the complaint, the
 * answer or its measures, so that it cannot be traced to a person. The input type names only the fields
 * that are counted: nothing else of a complaint can reach the report.
 */

/** What the report reads of a complaint (a ComplaintRecord has these and more). */
export interface ReportedComplaint {
  submittedOn: IsoDate;
  submittedBy: Submitter;
  /** As the form gave it: counted under a location of the policy, never printed as typed (see below). */
  location: string;
  category: ComplaintCategory;
  /** DUN-11: the complaint is about an invoice (only whether, never which). */
  invoice?: string;
  deadlines: { answerBy: IsoDate };
  escalatedOn?: IsoDate;
  answer?: { on: IsoDate; measures?: string; measuresBy?: string };
  stages?: { stage: string; on: IsoDate }[];
}

export interface ComplaintCounts {
  complaints: number;
  /** KLA-1: the nature of the complaints: the form's three categories, and who complained. */
  nature: {
    care: number;
    money: number;
    other: number;
    byParent: number;
    byParentsCommittee: number;
  };
  /**
   * KLA-4..8: what became of them. The first four are exclusive and add up to `complaints`: answered
   * within 6 weeks (before the escalation of KLA-7), answered later, not answered (the answer date has
   * passed, or the complaint was closed without one), not yet due on the day the report is made. The
   * rest count complaints that reached each step (one complaint may reach several).
   */
  outcomes: {
    answeredWithinSixWeeks: number;
    answeredLate: number;
    notAnswered: number;
    notYetDue: number;
    escalated: number;
    klachtenloket: number;
    mediation: number;
    disputeFiled: number;
    bindingAdvice: number;
  };
  /** KLA-4: answers that set measures, and of those the ones with a term. */
  measures: { set: number; withTerm: number };
  /** DUN-11: complaints about an invoice. */
  disputes: { aboutInvoice: number };
}

export interface LocationComplaints extends ComplaintCounts {
  location: string;
  /** The location's number in the national childcare register, when the policy knows the location. */
  lrk?: string;
  /** KLA-9: a year without complaints needs no report. */
  reportRequired: boolean;
}

export interface AnnualComplaintsReport {
  year: number;
  organisation: { name: string; kvk: string };
  /** The day it was made: complaints not yet due are counted as such on this day. */
  madeOn: IsoDate;
  /** KLA-9: sent to the GGD before this day (1 June of the next year). */
  dueToGgdBefore: IsoDate;
  /** KLA-9: false when no location had a complaint in the year. */
  reportRequired: boolean;
  locations: LocationComplaints[];
  totals: ComplaintCounts;
}

/**
 * Complaints naming a location that the policy does not know are counted together under this name: the
 * location is typed text on some forms, and what a parent typed is never printed in the report.
 */
export const OTHER_LOCATIONS = 'Andere locaties (niet in het beleid)';

/** KLA-9: before 1 June of the year after the report's year. */
export function complaintsReportDueBefore(year: number): IsoDate {
  return `${year + 1}-06-01`;
}

function zeroCounts(): ComplaintCounts {
  return {
    complaints: 0,
    nature: { care: 0, money: 0, other: 0, byParent: 0, byParentsCommittee: 0 },
    outcomes: {
      answeredWithinSixWeeks: 0,
      answeredLate: 0,
      notAnswered: 0,
      notYetDue: 0,
      escalated: 0,
      klachtenloket: 0,
      mediation: 0,
      disputeFiled: 0,
      bindingAdvice: 0,
    },
    measures: { set: 0, withTerm: 0 },
    disputes: { aboutInvoice: 0 },
  };
}

/** KLA-4, KLA-7: which of the four exclusive outcomes a complaint has on `on`. */
export function complaintAnswerOutcome(
  c: Pick<ReportedComplaint, 'answer' | 'deadlines' | 'escalatedOn' | 'stages'>,
  on: IsoDate,
): 'answeredWithinSixWeeks' | 'answeredLate' | 'notAnswered' | 'notYetDue' {
  if (c.answer) {
    // In time: by the answer date, and before the escalation of that day (KLA-7) if it came first.
    const inTime = c.answer.on <= c.deadlines.answerBy && !(c.escalatedOn && c.escalatedOn <= c.answer.on);
    return inTime ? 'answeredWithinSixWeeks' : 'answeredLate';
  }
  const closed = (c.stages ?? []).some((s) => s.stage === 'closed');
  // As GET /complaints?overdue=true counts: on the answer date itself six weeks have passed.
  return closed || c.deadlines.answerBy <= on ? 'notAnswered' : 'notYetDue';
}

const STAGE_OUTCOMES = {
  klachtenloket: 'klachtenloket',
  mediation: 'mediation',
  'dispute-filed': 'disputeFiled',
  'binding-advice': 'bindingAdvice',
} as const;

function add(counts: ComplaintCounts, c: ReportedComplaint, on: IsoDate): void {
  counts.complaints += 1;
  counts.nature[c.category] += 1;
  if (c.submittedBy === 'parents-committee') counts.nature.byParentsCommittee += 1;
  else counts.nature.byParent += 1;
  counts.outcomes[complaintAnswerOutcome(c, on)] += 1;
  if (c.escalatedOn) counts.outcomes.escalated += 1;
  const stages = new Set((c.stages ?? []).map((s) => s.stage));
  for (const stage of Object.keys(STAGE_OUTCOMES) as (keyof typeof STAGE_OUTCOMES)[])
    if (stages.has(stage)) counts.outcomes[STAGE_OUTCOMES[stage]] += 1;
  if (c.answer?.measures?.trim()) {
    counts.measures.set += 1;
    if (c.answer.measuresBy) counts.measures.withTerm += 1;
  }
  if (c.invoice) counts.disputes.aboutInvoice += 1;
}

/**
 * KLA-9: the report of `year` from its complaints (those submitted in another year are left out), per
 * location of the policy in the policy's order, then the complaints at locations it does not know. A
 * location of the policy without complaints appears only with `allLocations`, with zeros and
 * `reportRequired: false`.
 */
export function annualComplaintsReport(input: {
  year: number;
  complaints: ReportedComplaint[];
  policy: Pick<Policy, 'organisation' | 'locations'>;
  madeOn: IsoDate;
  allLocations?: boolean;
}): AnnualComplaintsReport {
  const { year, policy, madeOn } = input;
  const ofYear = input.complaints.filter((c) => c.submittedOn.startsWith(`${year}-`));
  const perLocation = new Map<string, { location: Location | undefined; counts: ComplaintCounts }>();
  for (const location of policy.locations) perLocation.set(location.name, { location, counts: zeroCounts() });
  const other = { location: undefined, counts: zeroCounts() };
  const totals = zeroCounts();
  for (const c of ofYear) {
    const known = policy.locations.find((l) => sameLabel(l.name, c.location));
    add(known ? (perLocation.get(known.name)?.counts ?? other.counts) : other.counts, c, madeOn);
    add(totals, c, madeOn);
  }
  const rows = [...perLocation.values(), ...(other.counts.complaints ? [other] : [])];
  const locations = rows
    .filter((row) => input.allLocations || row.counts.complaints > 0)
    .map(
      ({ location, counts }): LocationComplaints => ({
        location: location?.name ?? OTHER_LOCATIONS,
        ...(location ? { lrk: location.lrk } : {}),
        reportRequired: counts.complaints > 0,
        ...counts,
      }),
    );
  return {
    year,
    organisation: { name: policy.organisation.name, kvk: policy.organisation.kvk },
    madeOn,
    dueToGgdBefore: complaintsReportDueBefore(year),
    reportRequired: totals.complaints > 0,
    locations,
    totals,
  };
}

/** The report's columns, in order: the CSV's header and each location's row (one decision, one place). */
const COLUMNS: [string, (row: LocationComplaints) => string | number][] = [
  ['location', (r) => r.location],
  ['lrk', (r) => r.lrk ?? ''],
  ['complaints', (r) => r.complaints],
  ['care_or_conduct', (r) => r.nature.care],
  ['contract_price_invoice_or_hours', (r) => r.nature.money],
  ['other', (r) => r.nature.other],
  ['by_parent', (r) => r.nature.byParent],
  ['by_parents_committee', (r) => r.nature.byParentsCommittee],
  ['answered_within_6_weeks', (r) => r.outcomes.answeredWithinSixWeeks],
  ['answered_late', (r) => r.outcomes.answeredLate],
  ['not_answered', (r) => r.outcomes.notAnswered],
  ['not_yet_due', (r) => r.outcomes.notYetDue],
  ['escalated', (r) => r.outcomes.escalated],
  ['klachtenloket', (r) => r.outcomes.klachtenloket],
  ['mediation', (r) => r.outcomes.mediation],
  ['dispute_filed', (r) => r.outcomes.disputeFiled],
  ['binding_advice', (r) => r.outcomes.bindingAdvice],
  ['answers_with_measures', (r) => r.measures.set],
  ['measures_with_term', (r) => r.measures.withTerm],
  ['about_an_invoice', (r) => r.disputes.aboutInvoice],
  ['report_required', (r) => (r.reportRequired ? 'yes' : 'no')],
];

/**
 * KLA-9 as CSV: `;`-separated (as Dutch spreadsheets read it), a header row, one row per location with
 * the year and the day it is due to the GGD; CRLF line ends.
 */
export function annualComplaintsReportCsv(report: AnnualComplaintsReport): string {
  const header = ['year', ...COLUMNS.map(([name]) => name), 'due_to_ggd_before'];
  const rows = report.locations.map((row) => [
    report.year,
    ...COLUMNS.map(([, value]) => value(row)),
    report.dueToGgdBefore,
  ]);
  return `${[header, ...rows].map((cells) => cells.map(csvField).join(';')).join('\r\n')}\r\n`;
}
