import { awaitExecution } from '../awaitExecution';
import type { OrderCliDeps } from '../deps';
import { followHistory } from '../followHistory';
import { ProgressFormatter } from '../progress';
import { describeOutcome } from '../report';
import type { Session } from '../session';

/**
 * Prints an execution's progress live until it ends, then how it ended; returns the exit code
 * (0 succeeded, 1 any other end). Shared by `watch` and `start --watch`.
 */
export async function followToTheEnd(session: Session, executionArn: string, deps: OrderCliDeps): Promise<number> {
  const formatter = new ProgressFormatter();
  await followHistory(session.sfn, executionArn, {
    sleep: deps.sleep,
    backoff: deps.backoff,
    localEndpoint: session.localEndpoint,
    onEvent: (event) => formatter.lines(event).forEach((line) => deps.out(line)),
  });
  // The history ends with the terminal event; DescribeExecution carries the output, error and cause whole.
  const finished = await awaitExecution(session.sfn, executionArn, {
    intervalMs: deps.pollIntervalMs,
    sleep: deps.sleep,
    localEndpoint: session.localEndpoint,
  });
  const { lines, exitCode } = describeOutcome(finished);
  lines.forEach((line) => deps.out(line));
  return exitCode;
}
