import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';

/**
 * The execution history, with AWS's event names and detail shapes (HistoryEvent from
 * @aws-sdk/client-sfn). Each event's previousEventId is the previous event of the same lane: the
 * top-level flow, a Parallel branch or a Map iteration, as GetExecutionHistory links them.
 */
export interface Lane {
  last: number;
  /**
   * Set on Parallel branch and Map iteration lanes: once it is stopped (a sibling failed the state,
   * or the execution ended), what still runs in the lane is unobserved and records nothing.
   */
  readonly stop?: { readonly isStopped: boolean };
}

const NOT_TRUNCATED = { truncated: false } as const;
const json = (v: unknown) => (v === undefined ? 'null' : JSON.stringify(v));

export class History {
  readonly events: HistoryEvent[] = [];
  constructor(
    private readonly now: () => number,
    private readonly onEvent?: (event: HistoryEvent) => void,
    /** Events of distributed Map iterations run as child executions and stay out of the parent's history. */
    private readonly silent = false,
  ) {}

  private add(lane: Lane, type: HistoryEventType, details?: Partial<HistoryEvent>): number {
    if (this.silent || lane.stop?.isStopped) return 0;
    const id = this.events.length + 1;
    const event: HistoryEvent = { id, previousEventId: lane.last, timestamp: new Date(this.now()), type };
    if (details !== undefined) for (const k in details) (event as unknown as Record<string, unknown>)[k] = (details as Record<string, unknown>)[k];
    this.events.push(event);
    lane.last = id;
    if (this.onEvent) this.onEvent(event);
    return id;
  }

  executionStarted(lane: Lane, input: unknown, roleArn: string, stateMachineArn: string) {
    return this.add(lane, 'ExecutionStarted', {
      executionStartedEventDetails: { input: json(input), inputDetails: NOT_TRUNCATED, roleArn, stateMachineArn } as never,
    });
  }
  executionSucceeded(lane: Lane, output: unknown) {
    return this.add(lane, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: json(output), outputDetails: NOT_TRUNCATED } });
  }
  executionFailed(lane: Lane, error?: string, cause?: string) {
    return this.add(lane, 'ExecutionFailed', { executionFailedEventDetails: { error, cause } });
  }
  executionTimedOut(lane: Lane, error?: string, cause?: string) {
    return this.add(lane, 'ExecutionTimedOut', { executionTimedOutEventDetails: { error, cause } });
  }
  executionAborted(lane: Lane, error?: string, cause?: string) {
    return this.add(lane, 'ExecutionAborted', { executionAbortedEventDetails: { error, cause } });
  }

  stateEntered(lane: Lane, stateType: string, name: string, input: unknown) {
    return this.add(lane, `${stateType}StateEntered` as HistoryEventType, {
      stateEnteredEventDetails: { name, input: json(input), inputDetails: NOT_TRUNCATED },
    });
  }
  stateExited(lane: Lane, stateType: string, name: string, output: unknown, assigned?: Record<string, unknown>, text = json(output)) {
    const details: Record<string, unknown> = { name, output: text, outputDetails: NOT_TRUNCATED };
    if (assigned) {
      const vars: Record<string, string> = {};
      for (const k in assigned) vars[k] = json(assigned[k]);
      details.assignedVariables = vars;
      details.assignedVariablesDetails = NOT_TRUNCATED;
    }
    return this.add(lane, `${stateType}StateExited` as HistoryEventType, { stateExitedEventDetails: details as never });
  }
  evaluationFailed(lane: Lane, state: string, error: string, cause?: string, location?: string) {
    return this.add(lane, 'EvaluationFailed', { evaluationFailedEventDetails: { error, cause, location, state } });
  }

  /** Parallel and Map progress events (no details). */
  progress(lane: Lane, type: 'ParallelStateStarted' | 'ParallelStateSucceeded' | 'ParallelStateFailed' | 'ParallelStateAborted' | 'MapStateSucceeded' | 'MapStateFailed' | 'MapStateAborted' | 'MapRunSucceeded') {
    return this.add(lane, type);
  }
  mapStateStarted(lane: Lane, length: number) {
    return this.add(lane, 'MapStateStarted', { mapStateStartedEventDetails: { length } });
  }
  mapIteration(lane: Lane, type: 'MapIterationStarted' | 'MapIterationSucceeded' | 'MapIterationFailed' | 'MapIterationAborted', name: string, index: number) {
    const key = ({ MapIterationStarted: 'mapIterationStartedEventDetails', MapIterationSucceeded: 'mapIterationSucceededEventDetails', MapIterationFailed: 'mapIterationFailedEventDetails', MapIterationAborted: 'mapIterationAbortedEventDetails' } as const)[type];
    return this.add(lane, type, { [key]: { name, index } });
  }
  mapRunStarted(lane: Lane, mapRunArn: string) {
    return this.add(lane, 'MapRunStarted', { mapRunStartedEventDetails: { mapRunArn } });
  }
  mapRunFailed(lane: Lane, error?: string, cause?: string) {
    return this.add(lane, 'MapRunFailed', { mapRunFailedEventDetails: { error, cause } });
  }

  // ---- service integrations (Task states) ----
  taskScheduled(lane: Lane, resourceType: string, resource: string, region: string, parameters: unknown, timeoutInSeconds?: number, heartbeatInSeconds?: number) {
    return this.add(lane, 'TaskScheduled', {
      taskScheduledEventDetails: { resourceType, resource, region, parameters: json(parameters), timeoutInSeconds, heartbeatInSeconds },
    });
  }
  taskStarted(lane: Lane, resourceType: string, resource: string) {
    return this.add(lane, 'TaskStarted', { taskStartedEventDetails: { resourceType, resource } });
  }
  taskSucceeded(lane: Lane, resourceType: string, resource: string, output: unknown, text = json(output)) {
    return this.add(lane, 'TaskSucceeded', { taskSucceededEventDetails: { resourceType, resource, output: text, outputDetails: NOT_TRUNCATED } });
  }
  taskFailed(lane: Lane, resourceType: string, resource: string, error?: string, cause?: string) {
    return this.add(lane, 'TaskFailed', { taskFailedEventDetails: { resourceType, resource, error, cause } });
  }
  taskTimedOut(lane: Lane, resourceType: string, resource: string, error?: string, cause?: string) {
    return this.add(lane, 'TaskTimedOut', { taskTimedOutEventDetails: { resourceType, resource, error, cause } });
  }

  // ---- plain Lambda ARNs as Resource ----
  lambdaScheduled(lane: Lane, resource: string, input: unknown, timeoutInSeconds?: number) {
    return this.add(lane, 'LambdaFunctionScheduled', {
      lambdaFunctionScheduledEventDetails: { resource, input: json(input), inputDetails: NOT_TRUNCATED, timeoutInSeconds },
    });
  }
  lambdaStarted(lane: Lane) {
    return this.add(lane, 'LambdaFunctionStarted');
  }
  lambdaSucceeded(lane: Lane, output: unknown, text = json(output)) {
    return this.add(lane, 'LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output: text, outputDetails: NOT_TRUNCATED } });
  }
  lambdaFailed(lane: Lane, error?: string, cause?: string) {
    return this.add(lane, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } });
  }
  lambdaTimedOut(lane: Lane, error?: string, cause?: string) {
    return this.add(lane, 'LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error, cause } });
  }
}
