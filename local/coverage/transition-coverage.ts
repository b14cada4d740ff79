/**
 * Transition coverage of a workflow: which of its states and transitions (each Next, Choice rule
 * and Default, Catch, and each Retry rule that fired) a set of execution histories took. No tool
 * for Step Functions reports this; it is what tells whether the tests walk every path of the saga.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { takenTransitions } from './taken-transitions';
import { AslStateList, Transition, WorkflowGraph, workflowGraph } from './workflow-graph';

export interface CoverageReport {
  states: { total: number; covered: number; missing: string[] };
  transitions: { total: number; covered: number; missing: Transition[] };
  /** Choice rules sharing a target that some history could not tell apart (counted as one, all taken). */
  undistinguished: string[][];
  /** State changes or retries the definition does not explain. */
  unexplained: string[];
  /** `transitions 31/31, states 22/22` */
  summary: string;
}

export class TransitionCoverage {
  readonly graph: WorkflowGraph;
  private readonly states = new Set<string>();
  private readonly transitions = new Set<string>();
  private readonly undistinguished = new Map<string, string[]>();
  private readonly unexplained = new Set<string>();

  constructor(definition: object) {
    this.graph = workflowGraph(definition as AslStateList);
  }

  /** Adds what one execution took. */
  async record(history: HistoryEvent[]): Promise<void> {
    const taken = await takenTransitions(this.graph, history);
    for (const state of taken.states) this.states.add(state);
    for (const transition of taken.transitions) this.transitions.add(transition);
    for (const group of taken.undistinguished) this.undistinguished.set(group.join(' | '), group);
    for (const line of taken.unexplained) this.unexplained.add(line);
  }

  report(): CoverageReport {
    const missingStates = this.graph.states.filter((s) => !this.states.has(s.name)).map((s) => s.name);
    const missing = this.graph.transitions.filter((t) => !this.transitions.has(t.id));
    const states = { total: this.graph.states.length, covered: this.graph.states.length - missingStates.length, missing: missingStates };
    const transitions = { total: this.graph.transitions.length, covered: this.graph.transitions.length - missing.length, missing };
    return {
      states,
      transitions,
      undistinguished: [...this.undistinguished.values()],
      unexplained: [...this.unexplained],
      summary: `transitions ${transitions.covered}/${transitions.total}, states ${states.covered}/${states.total}`,
    };
  }
}

/** The report as lines for a terminal: the summary, then what is missing or unclear. */
export function formatCoverage(report: CoverageReport): string {
  const lines = [report.summary];
  for (const kind of ['Next', 'Choice', 'Default', 'Catch', 'Retry'] as const) {
    const total = report.transitions.missing.filter((t) => t.kind === kind);
    if (total.length > 0) lines.push(`  never taken (${kind}): ${total.map((t) => t.id).join('; ')}`);
  }
  if (report.states.missing.length > 0) lines.push(`  never entered: ${report.states.missing.join(', ')}`);
  for (const group of report.undistinguished) lines.push(`  counted together (could not tell apart): ${group.join(' | ')}`);
  for (const line of report.unexplained) lines.push(`  unexplained by the definition: ${line}`);
  return lines.join('\n');
}
