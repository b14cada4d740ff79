/**
 * A local Amazon States Language engine: `new StateMachine(definition, options).start(input)`.
 * See README.md for the interface and what differs from AWS Step Functions.
 */
export { StateMachine } from './machine';
export { InvalidDefinitionError, StatesError } from './errors';
export type { AbortDetails, EngineOptions, StartOptions, ExecutionResult, ExecutionStatus, HistoryEvent } from './types';
export { SingleState, findState } from './single-state';
export type { SingleStateRun, SingleStateResult, SingleStateStatus } from './single-state';
export type { StateProbe, StateWork, InspectionField } from './probe';
export type { MockedTaskResponse } from './types';
export { decideOnError, retryBackoffSeconds } from './retry-catch';
export type { ErrorDecision } from './retry-catch';
