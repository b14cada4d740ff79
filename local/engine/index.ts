/**
 * A local Amazon States Language engine: `new StateMachine(definition, options).start(input)`.
 * See README.md for the interface and what differs from AWS Step Functions.
 */
export { StateMachine } from './machine';
export { InvalidDefinitionError, StatesError } from './errors';
export type { EngineOptions, StartOptions, ExecutionResult, ExecutionStatus, HistoryEvent } from './types';
