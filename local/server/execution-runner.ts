/**
 * Starts an execution on the engine and keeps its record current: RUNNING with its history as it
 * grows, then the engine's ending (status, output or error and cause, stop date). StopExecution
 * aborts it through the engine's signal, which ends it ABORTED with its history.
 */
import { randomUUID } from 'node:crypto';
import { StatesError, type ExecutionResult, type HistoryEvent, type StateMachine } from '../engine';
import { arns, type Where } from './arns';
import type { ExecutionRecord, ExecutionStore } from './store/executions';
import type { Target } from './store/state-machines';

/**
 * AWS ends an execution whose history reaches 25,000 events: the 25,000th is ExecutionFailed with
 * States.Runtime. Locally this also bounds what a runaway loop in a created definition can take
 * (memory, and the event loop for a loop of synchronous states).
 */
export const MAX_HISTORY_EVENTS = 25_000;
const HISTORY_LIMIT_CAUSE = `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`;

/** Records each event; at the limit, fails the state that records one more (the engine then ends the execution). */
function recorder(events: HistoryEvent[]): (event: HistoryEvent) => void {
  return (event) => {
    events.push(event);
    if (events.length >= MAX_HISTORY_EVENTS - 1 && !event.type?.startsWith('Execution')) {
      throw new StatesError('States.Runtime', HISTORY_LIMIT_CAUSE);
    }
  };
}

export interface StartRequest {
  target: Target;
  /** Default: a uuid. */
  name?: string;
  /** The input text as given (already checked to be JSON). */
  input: string;
  parsedInput: unknown;
  express: boolean;
  /** A machine other than the revision's own: a mocked test case's. */
  machine?: StateMachine;
}

export function runExecution(where: Where, executions: ExecutionStore, request: StartRequest): ExecutionRecord {
  const { target, express } = request;
  const name = request.name ?? randomUUID();
  const smName = target.record.name;
  const executionArn = express ? arns.express(where, smName, name, randomUUID()) : arns.execution(where, smName, name);
  const abort = new AbortController();
  const record: ExecutionRecord = {
    executionArn,
    name,
    stateMachineArn: target.record.arn,
    stateMachineName: smName,
    stateMachineVersionArn: target.versionArn,
    stateMachineAliasArn: target.aliasArn,
    express,
    revision: target.revision,
    input: request.input,
    startDate: new Date(),
    status: 'RUNNING',
    events: [],
    abort,
    finished: Promise.resolve(),
    seq: executions.nextSeq(),
  };
  const machine = request.machine ?? target.revision.machine;
  // start() records ExecutionStarted before its first await, so the start date is known on return.
  const running = machine.start(request.parsedInput, { name, signal: abort.signal, onEvent: recorder(record.events) });
  if (record.events[0]?.timestamp) record.startDate = record.events[0].timestamp;
  record.finished = running.then(
    (result) => finish(executions, record, result),
    (error: unknown) =>
      // The engine turns every failure into a result; this is the guard for one it did not.
      finish(executions, record, { status: 'FAILED', error: 'States.Runtime', cause: String(error), executionArn, name, history: record.events }),
  );
  if (express) executions.trackExpress(record);
  else executions.add(record);
  return record;
}

function finish(executions: ExecutionStore, record: ExecutionRecord, result: ExecutionResult): void {
  const last = record.events[record.events.length - 1];
  record.stopDate = last?.timestamp ?? new Date();
  record.status = result.status;
  if (result.status === 'SUCCEEDED') record.output = result.output === undefined ? 'null' : JSON.stringify(result.output);
  if (result.status === 'ABORTED') {
    // AWS reports the error and cause StopExecution was given (none when none was given).
    record.error = record.stopped?.error;
    record.cause = record.stopped?.cause;
  } else {
    record.error = result.error;
    record.cause = result.cause;
  }
  if (!record.express) executions.closed();
}
