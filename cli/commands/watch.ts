import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import type { Command } from '../args';
import { explainAwsError } from '../awsErrors';
import { executionLinkLine } from '../consoleLink';
import type { OrderCliDeps } from '../deps';
import { openSession } from '../session';
import { followToTheEnd } from './follow';

/** `watch <executionArn|name>`: its events so far, then live until it ends; exit code as for the run. */
export async function watch(command: Extract<Command, { kind: 'watch' }>, deps: OrderCliDeps): Promise<number> {
  const known = 'arn' in command.execution ? command.execution.arn : undefined;
  const session = openSession(command.target, deps.env, deps.clients, known);
  const executionArn = await session.executionArn(command.execution);
  // One DescribeExecution first: a wrong name fails here with its own sentence, before any output.
  let name: string | undefined;
  try {
    ({ name } = await session.sfn.send(new DescribeExecutionCommand({ executionArn })));
  } catch (err) {
    throw explainAwsError(err, `finding execution ${executionArn}`, session.localEndpoint);
  }
  deps.out(`Execution ${name ?? executionArn}`);
  deps.out(executionLinkLine(executionArn, session.localEndpoint));
  deps.out('Following it (Ctrl-C stops the watching, not the execution):');
  return followToTheEnd(session, executionArn, deps);
}
