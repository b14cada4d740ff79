import { GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import type { Sleep } from './awaitExecution';
import { explainAwsError } from './awsErrors';
import { nextDelay, type PollBackoff } from './backoff';

const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
// Throttled polls are not failures: they mean "poll less often".
const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'Throttling']);

/**
 * Polls GetExecutionHistory until the execution's terminal event, handing each new event to
 * `onEvent` once, in order. Each poll reads the history newest first and stops paging at the first
 * event already seen, so a long execution costs one short page per poll, not its whole history.
 * Between polls it waits with backoff; throttling lengthens the wait instead of failing.
 */
export async function followHistory(
  sfn: SFNClient,
  executionArn: string,
  options: { sleep: Sleep; backoff: PollBackoff; onEvent: (event: HistoryEvent) => void; localEndpoint?: string },
): Promise<void> {
  let lastSeen = 0;
  let delay: number | undefined;
  for (;;) {
    let fresh: HistoryEvent[];
    try {
      fresh = await eventsAfter(sfn, executionArn, lastSeen);
    } catch (err) {
      if (!(err instanceof Error && THROTTLED.has(err.name))) {
        throw explainAwsError(err, `reading the history of ${executionArn}`, options.localEndpoint);
      }
      fresh = [];
    }
    for (const event of fresh) {
      options.onEvent(event);
      lastSeen = event.id ?? lastSeen;
      if (TERMINAL.has(event.type ?? '')) return;
    }
    delay = nextDelay(delay, fresh.length > 0, options.backoff);
    await options.sleep(delay);
  }
}

/** The events with an id above `lastSeen`, oldest first. */
async function eventsAfter(sfn: SFNClient, executionArn: string, lastSeen: number): Promise<HistoryEvent[]> {
  const fresh: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        reverseOrder: true,
        maxResults: 100,
        // The lines need names, errors and causes, not every state's input and output.
        includeExecutionData: false,
        nextToken,
      }),
    );
    for (const event of page.events ?? []) {
      if ((event.id ?? 0) <= lastSeen) return fresh.reverse();
      fresh.push(event);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return fresh.reverse();
}
