/**
 * An execution's history as GetExecutionHistory returns it. The engine records events with the
 * AWS names and details; what only the service knows is filled in here: the role the state
 * machine runs with, the version or alias it was started through, StopExecution's error and cause.
 * Members the API does not declare are dropped later by the output shape.
 *
 * AWS links the first event after ExecutionStarted to no event (previousEventId 0, as every
 * recorded history shows); the engine links it to ExecutionStarted.
 */
import type { HistoryEvent } from '../engine';
import type { ExecutionRecord } from './store/executions';

/** Detail members that carry execution data, left out when includeExecutionData is false. */
const DATA_MEMBERS = ['input', 'inputDetails', 'output', 'outputDetails', 'parameters', 'assignedVariables', 'assignedVariablesDetails'];

export function historyView(record: ExecutionRecord, includeExecutionData: boolean): HistoryEvent[] {
  return record.events.map((event) => {
    let view: Record<string, unknown> = { ...event };
    if (event.id !== 1 && event.previousEventId === 1) view.previousEventId = 0;
    if (event.type === 'ExecutionStarted') {
      view.executionStartedEventDetails = {
        ...event.executionStartedEventDetails,
        roleArn: record.revision.roleArn,
        stateMachineVersionArn: record.stateMachineVersionArn,
        stateMachineAliasArn: record.stateMachineAliasArn,
      };
    }
    if (event.type === 'ExecutionAborted') {
      const { error, cause } = record.stopped ?? {};
      view.executionAbortedEventDetails = error === undefined && cause === undefined ? undefined : { error, cause };
    }
    if (!includeExecutionData) view = withoutData(view);
    return view as unknown as HistoryEvent;
  });
}

function withoutData(event: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).filter(([member]) => !DATA_MEMBERS.includes(member)));
    } else out[key] = value;
  }
  return out;
}
