/**
 * What happened to each state, read from an execution's history alone.
 *
 * Each event's previousEventId is the previous event of its lane (the top-level flow, a Parallel
 * branch or a Map iteration), so an event belongs to the visit its lane is in: the state entered
 * last on the lane, or, right after a state exited, the container around that state. Map
 * iterations carry their index on MapIterationStarted, and every event after it on the lane
 * inherits it.
 */
import type { HistoryEvent } from './api';

export type StateStatus = 'succeeded' | 'failed' | 'caught' | 'in-progress' | 'not-reached' | 'cancelled';

export interface Visit {
  state: string;
  /** The state's type as the history names it: Task, Choice, Map, ... */
  type: string;
  enteredId: number;
  exitedId?: number;
  parent?: Visit;
  /** The Map iteration this visit runs in. */
  iteration?: number;
  input?: string;
  output?: string;
  assignedVariables?: Record<string, string>;
  error?: string;
  cause?: string;
  /** Calls made (a Task's retries are the calls after the first). */
  attempts: number;
  /** The last failure has not (yet) been followed by a success or a retry. */
  failurePending: boolean;
  /** A Map or Parallel that failed or was aborted: what still runs inside it is cancelled. */
  closedByFailure: boolean;
  status: StateStatus;
}

export interface StateSummary {
  status: StateStatus;
  visits: number;
}

export interface ExecutionReading {
  visits: Visit[];
  /** The visit each event belongs to (undefined: the execution's own events). */
  visitOf: Map<number, Visit | undefined>;
  /** Per state name: its last visit's status and the number of visits. */
  states: Record<string, StateSummary>;
}

const FAILURES = new Set([
  'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed', 'LambdaFunctionFailed', 'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed', 'LambdaFunctionScheduleFailed', 'MapStateFailed', 'ParallelStateFailed', 'EvaluationFailed', 'MapRunFailed',
]);
const SUCCESSES = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'MapStateSucceeded', 'ParallelStateSucceeded']);
const ABORTS = new Set(['MapStateAborted', 'ParallelStateAborted']);
const SCHEDULES = new Set(['TaskScheduled', 'LambdaFunctionScheduled']);

const entered = (type: string) => type.endsWith('StateEntered');
const exited = (type: string) => type.endsWith('StateExited');

/** The details member of an event, whatever its name (`taskFailedEventDetails`, ...). */
export function detailsOf(event: HistoryEvent): Record<string, any> {
  const key = Object.keys(event).find((k) => k.endsWith('EventDetails'));
  return (key ? event[key] : undefined) ?? {};
}

export function readExecution(events: HistoryEvent[], executionStatus: string): ExecutionReading {
  const byId = new Map(events.map((e) => [e.id, e]));
  const visitOf = new Map<number, Visit | undefined>();
  const iterationOf = new Map<number, number | undefined>();
  const visits: Visit[] = [];

  for (const event of events) {
    const previous = event.previousEventId ? byId.get(event.previousEventId) : undefined;
    const laneVisit = previous === undefined ? undefined : exited(previous.type) ? visitOf.get(previous.id)?.parent : visitOf.get(previous.id);
    const details = detailsOf(event);
    // Back on the Map's own lane once it ends: the iteration is the Map's, not its last child's.
    const mapEnded = event.type === 'MapStateSucceeded' || event.type === 'MapStateFailed' || event.type === 'MapStateAborted';
    iterationOf.set(event.id, event.type === 'MapIterationStarted' ? details.index : mapEnded ? laneVisit?.iteration : previous && iterationOf.get(previous.id));

    if (entered(event.type)) {
      const visit: Visit = {
        state: details.name,
        type: event.type.slice(0, -'StateEntered'.length),
        enteredId: event.id,
        parent: laneVisit,
        iteration: laneVisit?.type === 'Map' ? iterationOf.get(event.id) : undefined,
        input: details.input,
        attempts: 0,
        failurePending: event.type === 'FailStateEntered',
        closedByFailure: false,
        status: 'in-progress',
      };
      visits.push(visit);
      visitOf.set(event.id, visit);
      continue;
    }
    visitOf.set(event.id, laneVisit);
    const visit = laneVisit;
    if (!visit) continue;
    if (exited(event.type)) {
      visit.exitedId = event.id;
      visit.output = details.output;
      visit.assignedVariables = details.assignedVariables;
    } else if (SCHEDULES.has(event.type)) {
      visit.attempts += 1;
      visit.failurePending = false;
    } else if (FAILURES.has(event.type)) {
      visit.failurePending = true;
      visit.error = details.error;
      visit.cause = details.cause;
      if (event.type === 'MapStateFailed' || event.type === 'ParallelStateFailed') visit.closedByFailure = true;
    } else if (SUCCESSES.has(event.type)) {
      visit.failurePending = false;
    } else if (ABORTS.has(event.type)) {
      visit.closedByFailure = true;
    } else if (event.type === 'ExecutionFailed' && visit.type === 'Fail') {
      // A Fail state's error and cause are the execution's.
      visit.error = details.error;
      visit.cause = details.cause;
    }
  }

  const running = executionStatus === 'RUNNING';
  const open = (visit: Visit | undefined): boolean => !visit || (visit.exitedId === undefined && !visit.closedByFailure && open(visit.parent));
  for (const visit of visits) visit.status = statusOf(visit, running, open);
  return { visits, visitOf, states: summarize(visits) };
}

function statusOf(visit: Visit, running: boolean, open: (visit: Visit | undefined) => boolean): StateStatus {
  if (visit.exitedId !== undefined) return visit.failurePending ? 'caught' : 'succeeded';
  const stillRunning = running && open(visit.parent);
  if (visit.type === 'Fail') return 'failed';
  // A failure not yet retried while the execution runs may still be retried or caught.
  if (visit.failurePending) return stillRunning ? 'in-progress' : 'failed';
  return stillRunning ? 'in-progress' : 'cancelled';
}

/**
 * A state's last visit gives its status. Iterations of one Map run side by side, though, so a
 * failure in any iteration of the last Map visit outranks a sibling cancelled after it.
 */
function summarize(visits: Visit[]): Record<string, StateSummary> {
  const states: Record<string, StateSummary> = {};
  const byState = new Map<string, Visit[]>();
  for (const visit of visits) byState.set(visit.state, [...(byState.get(visit.state) ?? []), visit]);
  for (const [state, list] of byState) {
    const last = list[list.length - 1];
    const siblings = last.iteration === undefined ? [] : list.filter((v) => v.parent === last.parent);
    const status = siblings.some((v) => v.status === 'failed') ? 'failed' : last.status;
    states[state] = { status, visits: list.length };
  }
  return states;
}
