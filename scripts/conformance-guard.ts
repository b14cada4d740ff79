/**
 * The regression guard over the conformance run: reads the runner's last line
 * ("conformance: P passed, F failed") and compares P with the count recorded in the repository.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const BASELINE_FILE = path.join(__dirname, 'conformance-baseline.json');

const SUMMARY = /^conformance: (\d+) passed, (\d+) failed$/gm;

/** The pass count of the runner's summary line (the last one printed), or undefined without one. */
export function passedCount(output: string): number | undefined {
  const last = [...output.matchAll(SUMMARY)].pop();
  return last ? Number(last[1]) : undefined;
}

/** The count of passing cases the repository records: the floor the guard holds the engine to. */
export function recordedPassed(file = BASELINE_FILE): number {
  const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as { passed?: unknown };
  if (!Number.isInteger(recorded.passed)) throw new Error(`${file} has no integer "passed"`);
  return recorded.passed as number;
}

/** The verdict: exit code and one sentence. */
export function judge(passed: number, recorded: number): { code: number; sentence: string } {
  const where = path.relative(process.cwd(), BASELINE_FILE) || BASELINE_FILE;
  if (passed < recorded) {
    return { code: 1, sentence: `conformance guard: ${passed} cases pass, fewer than the ${recorded} recorded in ${where}: a regression.` };
  }
  if (passed > recorded) {
    return {
      code: 0,
      sentence: `conformance guard: ${passed} cases pass, more than the ${recorded} recorded: raise "passed" in ${where} to ${passed} to keep the gain.`,
    };
  }
  return { code: 0, sentence: `conformance guard: ${passed} cases pass, as recorded in ${where}.` };
}
