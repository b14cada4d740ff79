import { type DescribeExecutionCommandOutput, type HistoryEvent, paginateGetExecutionHistory } from '@aws-sdk/client-sfn';
import type { Command } from '../args';
import { explainAwsError } from '../awsErrors';
import type { OrderCliDeps } from '../deps';
import { EXIT_SUCCEEDED } from '../errors';
import { ProgressFormatter } from '../progress';
import { describeOutcome } from '../report';
import { openSession } from '../session';

/**
 * `history <executionArn|name> [--json]`: every page of the execution's history, as the lines
 * `watch` prints (and how it ended, if it has), or as `{"events": [...]}` the way
 * `aws stepfunctions get-execution-history` prints it. Exits 0 once printed, whatever the run's status.
 */
export async function history(command: Extract<Command, { kind: 'history' }>, deps: OrderCliDeps): Promise<number> {
  const known = 'arn' in command.execution ? command.execution.arn : undefined;
  const session = openSession(command.target, deps.env, deps.clients, known);
  const executionArn = await session.executionArn(command.execution);

  const events: HistoryEvent[] = [];
  try {
    for await (const page of paginateGetExecutionHistory({ client: session.sfn, pageSize: 1000 }, { executionArn })) {
      events.push(...(page.events ?? []));
    }
  } catch (err) {
    throw explainAwsError(err, `reading the history of ${executionArn}`, session.localEndpoint);
  }

  if (command.json) {
    deps.out(JSON.stringify({ events }, null, 2));
    return EXIT_SUCCEEDED;
  }
  const formatter = new ProgressFormatter();
  for (const event of events) formatter.lines(event).forEach((line) => deps.out(line));
  const ending = endingOf(events);
  describeOutcome(ending).lines.forEach((line) => deps.out(line));
  return EXIT_SUCCEEDED;
}

/** How the execution ended, read from its last event (RUNNING while there is none). */
function endingOf(events: HistoryEvent[]): DescribeExecutionCommandOutput {
  const last = events[events.length - 1];
  const base = { $metadata: {} } as DescribeExecutionCommandOutput;
  switch (last?.type) {
    case 'ExecutionSucceeded':
      return { ...base, status: 'SUCCEEDED', output: last.executionSucceededEventDetails?.output };
    case 'ExecutionFailed':
      return { ...base, status: 'FAILED', ...last.executionFailedEventDetails };
    case 'ExecutionTimedOut':
      return { ...base, status: 'TIMED_OUT', ...last.executionTimedOutEventDetails };
    case 'ExecutionAborted':
      return { ...base, status: 'ABORTED', ...last.executionAbortedEventDetails };
    default:
      return { ...base, status: 'RUNNING' };
  }
}
