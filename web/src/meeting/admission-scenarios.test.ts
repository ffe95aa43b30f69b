import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decideCommit, type CommitFacts, type Verdict } from './admission-rules.js';

/** The decision table shared with the Java client (AdmissionScenariosTest). */
const file = fileURLToPath(new URL('../../../testdata/admission-scenarios.json', import.meta.url));
const scenarios = (JSON.parse(readFileSync(file, 'utf8')) as { scenarios: (CommitFacts & { name: string; expect: Verdict })[] }).scenarios;

describe('admission scenarios (testdata/admission-scenarios.json)', () => {
  it('has scenarios', () => {
    expect(scenarios.length).toBeGreaterThan(20);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    expect(decideCommit(s)).toEqual(s.expect);
  });
});
