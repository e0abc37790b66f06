import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { StatementsPage } from '../../functions/statements/issue-statements.ts';
import { DEFAULT_PORTS } from './runtime.ts';

/**
 * `opvang annual-statements --year YYYY [--json] [--api URL] [--key KEY] [--data DIR]` (INV-8): issues the
 * year's annual statements through the running back office, page by page, and prints what became of
 * them: issued (e-mailed with the PDF), withheld (the parent has arrears; issued when they are paid),
 * failed (with the reason; each a staff task). Exit 0 when every statement was issued or withheld,
 * 1 when one failed or the back office does not answer, 2 for bad usage.
 */
export class StatementsUsageError extends Error {}
export class StatementsFailure extends Error {}

export async function annualStatementsCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      year: { type: 'string' },
      json: { type: 'boolean', default: false },
      api: { type: 'string', default: `http://127.0.0.1:${DEFAULT_PORTS.api}` },
      key: { type: 'string' },
      data: { type: 'string', default: '.data' },
    },
    strict: true,
  });
  if (!values.year || !/^[0-9]{4}$/.test(values.year))
    throw new StatementsUsageError('--year must be a year as YYYY');
  const year = Number(values.year);
  let key = values.key ?? process.env.OPVANG_ADMIN_KEY;
  if (!key) {
    try {
      key = readFileSync(path.join(values.data, 'admin-key'), 'utf8').trim();
    } catch {
      throw new StatementsUsageError(
        'no admin key: pass --key, set OPVANG_ADMIN_KEY, or run from the folder where npm start keeps .data/',
      );
    }
  }
  const totals = {
    year,
    parents: 0,
    issued: 0,
    issuedBefore: 0,
    withheld: 0,
    failed: [] as StatementsPage['failed'],
  };
  let after: string | undefined;
  do {
    let response: Response;
    try {
      response = await fetch(`${values.api.replace(/\/+$/, '')}/annual-statements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ year, ...(after ? { after } : {}) }),
      });
    } catch {
      throw new StatementsFailure(
        `the back office does not answer at ${values.api}: start it with npm start (or pass --api).`,
      );
    }
    const body = (await response.json()) as StatementsPage & {
      issues?: { field: string; problem: string }[];
    };
    if (response.status === 400 || response.status === 422)
      throw new StatementsUsageError(
        (body.issues ?? []).map((i) => `${i.field} ${i.problem}`).join('; ') || `HTTP ${response.status}`,
      );
    if (response.status >= 400)
      throw new StatementsFailure(`HTTP ${response.status} ${JSON.stringify(body)}`);
    totals.parents += body.parents;
    totals.issued += body.issued;
    totals.issuedBefore += body.issuedBefore;
    totals.withheld += body.withheld;
    totals.failed.push(...body.failed);
    after = body.next;
    if (!values.json) process.stderr.write(`  ${totals.parents} parent(s) done\r`);
  } while (after);
  if (values.json) console.log(JSON.stringify(totals, null, 2));
  else {
    console.log(`Annual statements ${year} (INV-8), ${totals.parents} parent(s):`);
    console.log(`  issued now         ${totals.issued}`);
    if (totals.issuedBefore) console.log(`  issued before      ${totals.issuedBefore} (not sent again)`);
    console.log(`  withheld (arrears) ${totals.withheld}   issued when the arrears are paid`);
    console.log(`  failed             ${totals.failed.length}`);
    for (const f of totals.failed) console.log(`    ${f.id}: ${f.reason ?? 'unknown'}`);
  }
  return totals.failed.length ? 1 : 0;
}
