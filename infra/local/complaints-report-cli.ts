import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AnnualComplaintsReport } from '#shared/complaints/annual-report.ts';
import { longDate } from '#shared/messages/common.ts';
import { DEFAULT_PORTS } from './runtime.ts';

/**
 * `opvang complaints-report --year YYYY [--format csv|pdf] [--out FILE] [--api URL] [--key KEY] [--data DIR]`
 * (KLA-9): the year's complaints report per location from the running back office. CSV goes to standard
 * output unless `--out` names a file; a PDF is always written to a file (`jaarverslag-klachten-YYYY.pdf`
 * unless `--out`), and what was written is said on standard error with the day it is due to the GGD.
 * Exit 0 done, 1 when the back office does not answer (or fails), 2 for bad usage.
 */
export class ComplaintsReportUsageError extends Error {}
export class ComplaintsReportFailure extends Error {}

const FORMATS = ['csv', 'pdf'] as const;

export async function complaintsReportCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      year: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      api: { type: 'string', default: `http://127.0.0.1:${DEFAULT_PORTS.api}` },
      key: { type: 'string' },
      data: { type: 'string', default: '.data' },
    },
    strict: true,
  });
  if (!values.year || !/^[0-9]{4}$/.test(values.year))
    throw new ComplaintsReportUsageError('--year must be a year as YYYY');
  const format = values.format;
  if (!(FORMATS as readonly string[]).includes(format))
    throw new ComplaintsReportUsageError(`--format must be one of ${FORMATS.join(', ')}`);
  let key = values.key ?? process.env.OPVANG_ADMIN_KEY;
  if (!key) {
    try {
      key = readFileSync(path.join(values.data, 'admin-key'), 'utf8').trim();
    } catch {
      throw new ComplaintsReportUsageError(
        'no admin key: pass --key, set OPVANG_ADMIN_KEY, or run from the folder where npm start keeps .data/',
      );
    }
  }
  const api = values.api.replace(/\/+$/, '');

  const fetchReport = async (as: 'json' | 'csv' | 'pdf'): Promise<Response> => {
    let response: Response;
    try {
      response = await fetch(`${api}/complaints/report?year=${values.year}&format=${as}`, {
        headers: { authorization: `Bearer ${key}` },
      });
    } catch {
      throw new ComplaintsReportFailure(
        `the back office does not answer at ${values.api}: start it with npm start (or pass --api).`,
      );
    }
    if (response.ok) return response;
    const text = await response.text();
    if (response.status === 400) {
      const issues = (JSON.parse(text) as { issues?: { field: string; problem: string }[] }).issues ?? [];
      throw new ComplaintsReportUsageError(issues.map((i) => `${i.field} ${i.problem}`).join('; '));
    }
    throw new ComplaintsReportFailure(`HTTP ${response.status} ${text.slice(0, 500)}`);
  };

  const body = new Uint8Array(await (await fetchReport(format as 'csv' | 'pdf')).arrayBuffer());
  const out = values.out ?? (format === 'pdf' ? `jaarverslag-klachten-${values.year}.pdf` : undefined);
  if (!out) {
    process.stdout.write(body);
    return 0;
  }
  writeFileSync(out, body);
  const { report } = (await (await fetchReport('json')).json()) as { report: AnnualComplaintsReport };
  const locations = report.locations.filter((l) => l.reportRequired).length;
  process.stderr.write(
    `Complaints report ${report.year} (KLA-9): ${report.totals.complaints} complaint(s) at ${locations} location(s) → ${out}\n` +
      (report.reportRequired
        ? `  send it to the GGD before ${longDate(report.dueToGgdBefore, 'en')} and make it known to the parents\n`
        : `  no complaints in ${report.year}: no report is needed\n`),
  );
  return 0;
}
