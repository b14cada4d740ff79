/** Transition coverage of a Step Functions workflow from execution histories (see transition-coverage.ts). */
export { TransitionCoverage, formatCoverage } from './transition-coverage';
export type { CoverageReport } from './transition-coverage';
export { workflowGraph, UnsupportedDefinitionError } from './workflow-graph';
export type { Transition, TransitionKind, WorkflowGraph, WorkflowState } from './workflow-graph';
