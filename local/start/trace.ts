import type { HistoryEvent } from '@aws-sdk/client-sfn';

export interface TraceOptions {
  /**
   * The states that undo work (a saga's compensations), marked ↩ instead of →. The definition knows
   * which they are, the history does not: a state entered after a Catch may as well report the
   * outcome (PublishOrderRejected after an invalid order undoes nothing), and a compensation may be
   * reached without any Catch (a Choice sending a declined payment to RefundPayment). Default: none.
   */
  compensations?: Iterable<string>;
}

/**
 * Turns an execution history (the events GetExecutionHistory returns) into lines a person reads:
 * each state entered, each failure with its error, each retry, each catch, and each compensation
 * marked ↩. Iterations of a Map are indented under it.
 */
export function traceLines(history: HistoryEvent[], options: TraceOptions = {}): string[] {
  const compensations = new Set(options.compensations);
  const lines: string[] = [];
  let depth = 0;
  let failedState: string | undefined;
  let currentState: string | undefined;
  const pad = () => '  '.repeat(depth);

  for (const event of history) {
    const type = event.type ?? '';
    if (type.endsWith('StateEntered')) {
      const name = event.stateEnteredEventDetails?.name ?? '?';
      if (failedState && failedState !== name) {
        // A state failed and the next one entered is elsewhere: a Catch took the execution there.
        lines.push(`${pad()}  ⤷ caught, continuing at ${name}`);
      }
      failedState = undefined;
      currentState = name;
      lines.push(`${pad()}${compensations.has(name) ? '↩ ' : '→ '}${name}`);
    } else if (type === 'TaskFailed' || type === 'LambdaFunctionFailed' || type === 'TaskTimedOut' || type === 'LambdaFunctionTimedOut') {
      const details = failureOf(event);
      if (failedState === currentState) continue; // the Lambda event and its Task twin
      failedState = currentState;
      lines.push(`${pad()}  ✗ ${details.error}${details.message ? `: ${details.message}` : ''}`);
    } else if ((type === 'TaskScheduled' || type === 'LambdaFunctionScheduled') && failedState === currentState && failedState) {
      lines.push(`${pad()}  ↻ retried`);
      failedState = undefined;
    } else if (type === 'MapStateStarted' || type === 'ParallelStateStarted') {
      // Iterations and branches run side by side and their events interleave: one level of indent.
      const count = event.mapStateStartedEventDetails?.length;
      if (count !== undefined) lines.push(`${pad()}  ${count === 1 ? '1 iteration' : `${count} iterations side by side`}`);
      depth += 1;
    } else if (/^(Map|Parallel)State(Succeeded|Failed|Aborted)$/.test(type)) {
      depth = Math.max(0, depth - 1);
      if (type !== 'MapStateSucceeded' && type !== 'ParallelStateSucceeded') failedState = currentState;
    } else if (type === 'MapIterationFailed') {
      lines.push(`${pad()}  ✗ iteration ${event.mapIterationFailedEventDetails?.index ?? '?'} failed`);
    }
  }
  return lines;
}

/** The error name and a one-line message of a failure event (Lambda causes are JSON payloads). */
function failureOf(event: HistoryEvent): { error: string; message?: string } {
  const details =
    event.taskFailedEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.taskTimedOutEventDetails ??
    event.lambdaFunctionTimedOutEventDetails;
  const error = details?.error ?? 'States.Timeout';
  return { error, message: causeMessage(details?.cause) };
}

/** A Lambda error's cause is `{"errorType","errorMessage","trace"}`: its message is what a person needs. */
export function causeMessage(cause: string | undefined): string | undefined {
  if (!cause) return undefined;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: string };
    if (typeof parsed.errorMessage === 'string') return parsed.errorMessage;
  } catch {
    // a plain-text cause
  }
  return cause.length > 160 ? `${cause.slice(0, 157)}...` : cause;
}
