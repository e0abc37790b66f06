import { parseArgs } from 'node:util';
import { legalConflicts } from '#shared/dunning/legal-check.ts';
import { POLICIES } from '#shared/policy.ts';

/**
 * `opvang policy check <preset>` (issue 10 item 7, DUN-12): every conflict of a policy preset's dunning
 * with Dutch consumer law, in plain words, read on this machine without a running back office.
 * Exit status: 0 no conflict found, 1 one or more conflicts, 2 bad usage or a preset that does not exist
 * (the presets named).
 */
const USAGE = 'usage:\n  opvang policy check <preset>';

class PolicyUsageError extends Error {}

function check(name: string): number {
  const policy = POLICIES[name];
  if (!policy)
    throw new PolicyUsageError(
      `unknown policy preset '${name}': the presets are ${Object.keys(POLICIES).join(', ')}`,
    );
  const conflicts = legalConflicts(policy);
  if (!conflicts.length) {
    console.log(`Policy ${name}: no conflicts with Dutch consumer law found`);
    return 0;
  }
  console.log(
    `Policy ${name}: ${conflicts.length} conflict${conflicts.length === 1 ? '' : 's'} with Dutch consumer law`,
  );
  for (const [i, c] of conflicts.entries()) console.log(`\n${i + 1}. ${c.rule}\n   ${c.problem}`);
  return 1;
}

export async function policyCommand(args: string[]): Promise<number> {
  try {
    const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
    const [action, name, ...extra] = positionals;
    if (action !== 'check')
      throw new PolicyUsageError(action ? `unknown policy action '${action}'` : 'no action given');
    if (!name || extra.length) throw new PolicyUsageError('policy check takes exactly one preset name');
    return check(name);
  } catch (error) {
    if (
      error instanceof PolicyUsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}
