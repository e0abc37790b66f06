import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Issue 10 item 7, DUN-12: `opvang policy check <preset>` as an organisation runs it before choosing its
 * dunning terms, with no back office running: the conflicts with Dutch consumer law in plain words, exit
 * 1 when there is one, 0 when there is none, 2 for a preset that does not exist.
 */
const run = promisify(execFile);

async function opvang(...args: string[]) {
  try {
    const { stdout, stderr } = await run('bin/opvang', args, { encoding: 'utf8', timeout: 60_000 });
    // Amounts are written the Dutch way, with a no-break space after the euro sign.
    return { status: 0, stdout: stdout.replaceAll('\u00a0', ' '), stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout.replaceAll('\u00a0', ' '), stderr: failed.stderr };
  }
}

describe('opvang policy check (issue 10 item 7, DUN-12)', () => {
  it('accrete-2020 exits 1 and names the fee on every reminder, citing art. 6:96 lid 6 BW', async () => {
    const result = await opvang('policy', 'check', 'accrete-2020');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^Policy accrete-2020: 3 conflicts with Dutch consumer law\n/);
    expect(result.stdout).toContain('1. art. 6:96 lid 6 BW: collection costs only after a cost-free letter');
    expect(result.stdout).toContain(
      'The first reminder already charges € 35,00 (a fee of € 35,00 on every reminder)',
    );
    expect(result.stdout).toContain('BIK art. 2');
    expect(result.stdout).toContain('gives 10 days after receipt');
  });

  it('wik-compliant exits 0: no conflicts with Dutch consumer law found', async () => {
    const result = await opvang('policy', 'check', 'wik-compliant');
    expect(result).toMatchObject({
      status: 0,
      stdout: 'Policy wik-compliant: no conflicts with Dutch consumer law found\n',
    });
  });

  it('an unknown preset exits 2 and names the presets there are', async () => {
    const result = await opvang('policy', 'check', 'kindcentra-zwolle');
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      "unknown policy preset 'kindcentra-zwolle': the presets are accrete-2020, wik-compliant",
    );
    expect(result.stderr).toContain('opvang policy check <preset>');
  });

  it('no preset named exits 2 with the usage', async () => {
    const result = await opvang('policy', 'check');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('policy check takes exactly one preset name');
  });
});
