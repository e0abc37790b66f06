/**
 * `npm run bench -- --only simulate [--json] [--sizes 100,1000]` (issue 12 item 2): a year of families
 * through `simulate`, the whole pipeline as a user runs it (HTTP API, DynamoDB Local and its stream, the
 * workflows, the local SES, the simulated bank): each family one parent with a mandate and one day-care
 * contract from 1 January, no events. Figures per size: wall time (targets: 100 families in under 30 s,
 * 1,000 in under 3 minutes), the time per simulated day, what the year produced, and the peak memory.
 * It checks that the year was a real one: every month invoiced and e-mailed, every batch collected, no
 * failure; the figures are printed either way, and the bench exits with 1 when a year was not.
 */
import { parseArgs } from 'node:util';
import { parseScenario } from '../../infra/local/scenario.ts';
import { simulate } from '../../infra/local/simulate.ts';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, sizes: { type: 'string', default: '100,1000' } },
});
const SIZES = values.sizes.split(',').map(Number);
if (!SIZES.every((n) => Number.isSafeInteger(n) && n >= 1 && n <= 10_000))
  throw new RangeError(`--sizes ${values.sizes}: a list of 1 to 10000, such as 100,1000`);
const log = (line: string) => process.stderr.write(`${line}\n`);

const YEAR = { start: '2027-01-01', end: '2027-12-31', days: 365 };
/** Seconds, from issue 12 item 2. */
const TARGETS: Record<number, number> = { 100: 30, 1000: 180 };
const FIRST = ['Şükrü', 'Łucja', 'Nguyễn Thị Minh', 'Sanne', 'Mohammed', 'Anouk', 'Priya', 'Joost'];
const LAST = ['Yılmaz', 'Wiśniewska', 'Khai', 'de Vries', 'El Amrani', 'Jansen', 'Ramdin', 'van Dijk'];
const CHILDREN = ['Noor', 'Elif', 'Zofia', 'An', 'Daan', 'Yara', 'Milan', 'Lotte'];

/** A Dutch IBAN with its ISO 7064 check digits: every parent pays from an account of their own. */
function dutchIban(bank: string, account: number): string {
  const bban = `${bank}${String(account).padStart(10, '0')}`;
  const digits = [...`${bban}NL00`].map((c) => (/\d/.test(c) ? c : String(c.charCodeAt(0) - 55))).join('');
  let remainder = 0;
  for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  return `NL${String(98 - remainder).padStart(2, '0')}${bban}`;
}

function yearOf(families: number): string {
  const ids = Array.from({ length: families }, (_, i) => i + 1);
  return JSON.stringify({
    policy: 'accrete-2020',
    start: YEAR.start,
    end: YEAR.end,
    parents: ids.map((n) => ({
      id: `p${n}`,
      name: `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`,
      email: `ouder${n}@example.nl`,
      iban: dutchIban(['INGB', 'RABO', 'ABNA', 'SNSB'][n % 4] as string, 100_000 + n),
      mandate: { id: `M-${n}`, signed: '2026-12-01' },
    })),
    contracts: ids.map((n) => ({
      id: `c${n}`,
      parent: `p${n}`,
      // Born in 2025: day care all year, no automatic end (CON-3).
      child: { name: CHILDREN[n % CHILDREN.length], birthDate: '2025-05-10' },
      location: 'Kindcentrum De Tol',
      product: 'KDV',
      weeks: 52,
      schedule: n % 2 ? { mon: '08:00-18:00', thu: '08:00-13:00' } : { tue: '08:00-18:00' },
      start: YEAR.start,
    })),
    events: [],
  });
}

let peakMB = 0;
const sampler = setInterval(() => {
  peakMB = Math.max(peakMB, process.memoryUsage().rss / 2 ** 20);
}, 250);

const runs = [];
for (const families of SIZES) {
  log(`a year of ${families} families through simulate…`);
  peakMB = 0;
  const started = performance.now();
  const report = await simulate(parseScenario(yearOf(families)));
  const seconds = (performance.now() - started) / 1000;
  const invoiceEmails = report.emails.filter((e) => e.kind === 'invoice').length;
  const collected = report.sepa.reduce((n, b) => n + b.transactions, 0);
  const target = TARGETS[families];
  // A real year: each family invoiced for February to January (INV-5: a month is invoiced the month
  // before; January 2027 before the year began), each invoice e-mailed and collected, nothing failed.
  const complete =
    report.failures.length === 0 &&
    report.invoices.length === families * 12 &&
    invoiceEmails === report.invoices.length &&
    collected === report.invoices.length;
  const run = {
    families,
    seconds: Number(seconds.toFixed(1)),
    msPerDay: Math.round((seconds * 1000) / YEAR.days),
    targetSeconds: target ?? null,
    met: target === undefined ? null : seconds < target,
    invoices: report.invoices.length,
    emails: report.emails.length,
    sepaBatches: report.sepa.length,
    collections: collected,
    peakMemoryMB: Math.round(peakMB),
    complete,
    failures: report.failures.length,
    firstFailures: report.failures.slice(0, 3),
  };
  log(
    `  ${seconds.toFixed(1)} s (${run.msPerDay} ms a day${target ? `, target < ${target} s` : ''}): ${run.invoices} invoices, ${run.emails} e-mails, ${run.sepaBatches} SEPA batches`,
  );
  runs.push(run);
}
clearInterval(sampler);

const result = { simulate: { year: `${YEAR.start}..${YEAR.end}`, runs } };
if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else
  for (const run of runs)
    console.log(
      `simulate, a year of ${run.families} families: ${run.seconds} s (${run.msPerDay} ms a simulated day)${run.targetSeconds ? `, target < ${run.targetSeconds} s: ${run.met ? 'met' : 'NOT met'}` : ''}; peak memory ${run.peakMemoryMB} MB${run.complete ? '' : `; NOT a real year: ${run.invoices} invoices, ${run.emails} e-mails, ${run.collections} collected, ${run.failures} failures`}`,
    );
for (const run of runs.filter((r) => !r.complete))
  log(`not a real year of ${run.families} families: ${JSON.stringify(run.firstFailures)}`);
if (runs.some((r) => !r.complete)) process.exitCode = 1;
