import { today } from '#shared/clock.ts';
import { annualComplaintsReport, annualComplaintsReportCsv } from '#shared/complaints/annual-report.ts';
import { annualComplaintsReportPdf } from '#shared/complaints/annual-report-pdf.ts';
import { policyNamed } from '#shared/policy.ts';
import { environment } from '../adapters/environment.ts';
import { HttpError, httpHandler, json } from '../adapters/http.ts';
import { listComplaints } from './complaint-store.ts';

const FORMATS = ['json', 'csv', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

/**
 * GET /complaints/report?year=YYYY[&format=json|csv|pdf] (admin, KLA-9): the annual complaints report per
 * location of the complaints submitted in the year, as JSON (the default), CSV or an A4 PDF in Dutch.
 * Every location of the policy is listed; one without complaints with zeros and the line that it needs no
 * report. Only counts and category words: nothing in it identifies a person. The current year may be
 * asked for (the report so far); a later one is 400, as is a format it does not know.
 */
export const handler = httpHandler(async (event) => {
  const on = today();
  const query = event.queryStringParameters ?? {};
  // Both parameters checked, so that one answer names every problem.
  const issues = [
    { field: 'year', problem: yearProblem(query.year, Number(on.slice(0, 4))) },
    { field: 'format', problem: formatProblem(query.format) },
  ].filter((issue) => issue.problem !== undefined);
  if (issues.length) throw new HttpError(400, { error: 'invalid request', issues });
  return reportResponse(Number(query.year), (query.format ?? 'json') as Format, on);
});

/** The report in the format asked for. */
async function reportResponse(year: number, format: Format, on: string) {
  const policy = policyNamed(environment.policyName());
  const complaints = await listComplaints({ from: `${year}-01-01`, to: `${year}-12-31` });
  const report = annualComplaintsReport({ year, complaints, policy, madeOn: on, allLocations: true });
  if (format === 'json') return json(200, { report });
  if (format === 'csv')
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="jaarverslag-klachten-${year}.csv"`,
      },
      body: annualComplaintsReportCsv(report),
    };
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="jaarverslag-klachten-${year}.pdf"`,
    },
    body: Buffer.from(await annualComplaintsReportPdf(report, policy)).toString('base64'),
    isBase64Encoded: true,
  };
}

/** `?year=`: required, a year, and not after the current one. */
function yearProblem(value: string | undefined, currentYear: number): string | undefined {
  if (!value) return 'is required';
  if (!/^[0-9]{4}$/.test(value) || Number(value) < 2000) return 'must be a year like 2027';
  if (Number(value) > currentYear) return `must not be after the current year, ${currentYear}`;
  return undefined;
}

/** `?format=`: JSON unless CSV or PDF is asked for. */
function formatProblem(value: string | undefined): string | undefined {
  return value === undefined || (FORMATS as readonly string[]).includes(value)
    ? undefined
    : `must be one of ${FORMATS.join(', ')}`;
}
