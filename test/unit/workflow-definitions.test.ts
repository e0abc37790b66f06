import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workflows } from '#infra/catalog.ts';

/**
 * Issue 7 item 16: the local runner executes definitions AWS would refuse, so every file in workflows/ is
 * checked by asl-validator as the Serverless Framework checks a state machine before it deploys it
 * (`aslValidator(definition)`, with its default checks of paths and ARNs). A workflow added later is
 * checked from its first commit: the test reads the folder, not a list.
 */
// asl-validator is CommonJS and ships no types: its one export, as the Serverless Framework calls it.
const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => {
  isValid: boolean;
  errorsText: (separator?: string) => string;
};
const WORKFLOWS_DIR = fileURLToPath(new URL('../../workflows/', import.meta.url));
const files = readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith('.asl.json'));

function validate(definition: unknown): { isValid: boolean; errors: string } {
  // The validator annotates the object it is given (QueryLanguage): give it a copy.
  const result = aslValidator(structuredClone(definition));
  return { isValid: result.isValid, errors: result.errorsText('\n') };
}

const definitionOf = (file: string) => JSON.parse(readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8'));

describe('issue 7 item 16: every workflow definition is valid Amazon States Language', () => {
  it('finds the workflow files the catalog deploys, and no stray ones', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((f) => `workflows/${f}`).sort()).toEqual(workflows.map((w) => w.file).sort());
  });

  it.each(files)('%s passes asl-validator', (file) => {
    expect(validate(definitionOf(file))).toEqual({ isValid: true, errors: '' });
  });

  it('refuses what AWS would refuse: a transition to a missing state, a Task without Next or End', () => {
    // Proof that the check above has teeth: the offer workflow with two mistakes is refused, each named.
    const definition = definitionOf('offer.asl.json');
    definition.States.SendOffer.Next = 'OfferExpried';
    delete definition.States.SendConfirmation.Next;
    const result = validate(definition);
    expect(result.isValid).toBe(false);
    expect(result.errors).toContain('OfferExpried');
    expect(result.errors).toMatch(/SendConfirmation/);
  });
});
