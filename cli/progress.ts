import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { COMPENSATIONS } from '../lib/workflow/expressions';

/** What each line's mark means; `--help` and the README use the same words. */
export const PROGRESS_LEGEND =
  '→ entered, ← left, ✗ failed, ↻ retried, ⤷ caught, ↩ a compensation entered (a state that undoes a step)';

const FAILURES = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed',
]);
const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled']);
const CONTAINER_STARTED = new Set(['MapStateStarted', 'ParallelStateStarted']);
const CONTAINER_ENDED = /^(Map|Parallel)State(Succeeded|Failed|Aborted)$/;

/**
 * Turns history events, fed one at a time as they arrive, into lines a person follows: each state
 * entered and left (with how long it took), each failure with its error, each retry, each catch,
 * and the compensations marked ↩: only the states that undo a step (the saga's COMPENSATIONS), not
 * whatever follows a Catch (a rejection's PublishOrderRejected and OrderRejected undo nothing).
 * Map iterations carry their index and nest one level.
 *
 * Events are tied to their state through previousEventId, which links each event to the previous
 * one of the same flow (the top level, a Parallel branch, a Map iteration), so concurrent
 * iterations interleaving in the history do not mix up whose failure a retry or catch follows.
 * A history without those links falls back to the last state entered.
 */
export class ProgressFormatter {
  private startedAt?: number;
  private depth = 0;
  private lastEntered = 0;
  private lastError?: string;
  /** Event id → id of the StateEntered event of the state it belongs to. */
  private readonly owner = new Map<number, number>();
  /** Event id → the Map iteration it runs in, e.g. `[2]`. */
  private readonly iteration = new Map<number, string>();
  /** StateEntered id → what is known of that state's run. */
  private readonly runs = new Map<number, { name: string; enteredAt: number; retries: number; failedWith?: string }>();
  private readonly containers: number[] = [];

  /** `compensations`: the states marked ↩; by default the order saga's. */
  constructor(private readonly compensations: ReadonlySet<string> = new Set(COMPENSATIONS)) {}

  lines(event: HistoryEvent): string[] {
    const id = event.id ?? 0;
    const previous = event.previousEventId ?? 0;
    const type = event.type ?? '';
    const at = event.timestamp?.getTime() ?? this.startedAt ?? 0;
    this.startedAt ??= at;
    const ownerId = this.owner.get(previous) ?? this.lastEntered;
    const lane = this.iteration.get(previous) ?? '';
    this.owner.set(id, ownerId);
    this.iteration.set(id, lane);
    const run = this.runs.get(ownerId);
    const line = (mark: string, text: string, extraDepth = 0) =>
      `${this.clock(at)}  ${'  '.repeat(this.depth)}${lane ? `${lane} ` : ''}${'  '.repeat(extraDepth)}${mark} ${text}`;

    if (type.endsWith('StateEntered')) {
      const name = event.stateEnteredEventDetails?.name ?? '?';
      const out: string[] = [];
      if (run?.failedWith) {
        // The state that failed is followed by another one: its Catch took the execution there.
        out.push(line('⤷', `${run.name} caught ${run.failedWith}, going to ${name}`, 1));
        run.failedWith = undefined;
      }
      this.owner.set(id, id);
      this.lastEntered = id;
      this.runs.set(id, { name, enteredAt: at, retries: 0 });
      out.push(line(this.compensations.has(name) ? '↩' : '→', name));
      return out;
    }
    if (type.endsWith('StateExited')) {
      // A failed state exits before its Catch's target is entered; that entry tells the story.
      if (!run || run.failedWith) return [];
      return [line('←', `${run.name} (${seconds(at - run.enteredAt)})`)];
    }
    if (FAILURES.has(type) || type === 'EvaluationFailed') {
      const { error, cause } = failureOf(event);
      this.lastError = error;
      // A Lambda failure and its Task twin, or a failure already reported: one line.
      if (!run || run.failedWith) return [];
      run.failedWith = error;
      return [line('✗', `${error}${cause ? `: ${cause}` : ''}`, 1)];
    }
    if ((SCHEDULED.has(type) || CONTAINER_STARTED.has(type)) && run?.failedWith) {
      run.retries += 1;
      const retried = line('↻', `retry ${run.retries} after ${run.failedWith}`, 1);
      run.failedWith = undefined;
      return CONTAINER_STARTED.has(type) ? [retried, ...this.containerStarted(event, type, ownerId, line)] : [retried];
    }
    if (CONTAINER_STARTED.has(type)) return this.containerStarted(event, type, ownerId, line);
    if (type === 'MapIterationStarted') {
      const index = event.mapIterationStartedEventDetails?.index;
      this.iteration.set(id, `${lane}[${index ?? '?'}]`);
      return [];
    }
    if (type === 'MapIterationFailed') {
      return [line('✗', `iteration ${event.mapIterationFailedEventDetails?.index ?? '?'} failed`)];
    }
    if (CONTAINER_ENDED.test(type)) {
      this.depth = Math.max(0, this.depth - 1);
      const containerId = this.containers.pop() ?? ownerId;
      // The events after this one (the state's exit, its retry) belong to the Map or Parallel
      // state, whichever branch's event this one happens to follow.
      this.owner.set(id, containerId);
      this.iteration.set(id, this.iteration.get(containerId) ?? '');
      const container = this.runs.get(containerId);
      if (container && !type.endsWith('Succeeded')) container.failedWith = this.lastError ?? type;
      return [];
    }
    return [];
  }

  private containerStarted(event: HistoryEvent, type: string, ownerId: number, line: (m: string, t: string, d?: number) => string): string[] {
    this.containers.push(ownerId);
    const count = event.mapStateStartedEventDetails?.length;
    const out = type === 'MapStateStarted' && count !== undefined
      ? [line('·', count === 1 ? '1 iteration' : `${count} iterations`, 1)]
      : [];
    // Iterations and branches run side by side and their events interleave: one level of indent.
    this.depth += 1;
    return out;
  }

  /** Time since the execution started, right-aligned, e.g. `  +1.25s`. */
  private clock(at: number): string {
    return `+${seconds(at - (this.startedAt ?? at))}`.padStart(9);
  }
}

function seconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(2)}s`;
}

/** The error name and a one-line message of a failure event. */
function failureOf(event: HistoryEvent): { error: string; cause?: string } {
  const details =
    event.taskFailedEventDetails ??
    event.taskTimedOutEventDetails ??
    event.taskStartFailedEventDetails ??
    event.taskSubmitFailedEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.lambdaFunctionTimedOutEventDetails ??
    event.lambdaFunctionStartFailedEventDetails ??
    event.lambdaFunctionScheduleFailedEventDetails ??
    event.evaluationFailedEventDetails;
  return { error: details?.error ?? 'States.Timeout', cause: causeMessage(details?.cause) };
}

/** A Lambda error's cause is `{"errorType","errorMessage","trace"}`: its message is what a person needs. */
function causeMessage(cause: string | undefined): string | undefined {
  if (!cause) return undefined;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // a plain-text cause
  }
  const oneLine = cause.replace(/\s+/g, ' ');
  return oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine;
}
