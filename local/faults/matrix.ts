/**
 * Runs the fault matrix (scenarios.ts) cell by cell and prints it as a table of steps by faults:
 * `✓` every invariant held, `—` the fault means nothing at that step, `✗ <invariants>` what broke.
 */
import type { Violation } from './invariants';
import { endingText, spreadOver, type FaultLab } from './fault-lab';
import { FAULTS, faultMatrix, type FaultName } from './scenarios';

export interface CellResult {
  step: string;
  fault: FaultName;
  /** Undefined for a `—` cell. */
  violations?: Violation[];
  /** Executions of the cell, as `name: status ending`, for the report. */
  endings: string[];
}

/**
 * Runs every cell (or those `only` keeps), spread over the labs: a lab runs one cell at a time, so
 * each run still has fresh tables of its own. Results come back in the matrix's order.
 */
export async function runMatrix(labs: FaultLab[], onCell?: (result: CellResult) => void, only?: (step: string) => boolean): Promise<CellResult[]> {
  const rows = faultMatrix(labs[0].attempts).filter((row) => !only || only(row.step));
  const results: CellResult[] = rows.flatMap((row) => FAULTS.map((fault) => ({ step: row.step, fault, endings: [] })));
  const cells = rows.flatMap((row) => FAULTS.map((fault) => row.cells[fault]));
  await spreadOver(labs, cells, async (lab, cell, at) => {
    if (cell) {
      const violations: Violation[] = [];
      for (const run of cell.runs) {
        const outcome = await lab.run(run, cell.compensationCannotFinish);
        violations.push(...outcome.violations);
        results[at].endings.push(...outcome.executions.map(endingText));
      }
      results[at].violations = violations;
    }
    onCell?.(results[at]);
  });
  return results;
}

export function cellMark(result: CellResult): string {
  if (!result.violations) return '—';
  if (result.violations.length === 0) return '✓';
  return `✗ ${[...new Set(result.violations.map((v) => v.invariant))].join(', ')}`;
}

/** The matrix as a Markdown table, then every violation in full. */
export function formatMatrix(results: CellResult[]): string {
  const steps = [...new Set(results.map((r) => r.step))];
  const lines = [`| step | ${FAULTS.join(' | ')} |`, `|---|${FAULTS.map(() => '---').join('|')}|`];
  for (const step of steps) {
    const marks = FAULTS.map((fault) => {
      const result = results.find((r) => r.step === step && r.fault === fault);
      return result ? cellMark(result) : ' ';
    });
    lines.push(`| ${step} | ${marks.join(' | ')} |`);
  }
  const broken = results.filter((r) => r.violations && r.violations.length > 0);
  for (const r of broken) {
    lines.push('', `✗ ${r.step} × ${r.fault}:`);
    for (const v of r.violations!) lines.push(`  - ${v.invariant}: ${v.detail}`);
  }
  return lines.join('\n');
}

export function matrixHolds(results: CellResult[]): boolean {
  return results.every((r) => !r.violations || r.violations.length === 0);
}
