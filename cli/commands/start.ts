import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Command } from '../args';
import { awaitExecution } from '../awaitExecution';
import { explainAwsError } from '../awsErrors';
import { executionLinkLine } from '../consoleLink';
import type { OrderCliDeps } from '../deps';
import { EXIT_SUCCEEDED } from '../errors';
import { executionName, freshOrderId } from '../executionIds';
import { readOrderFile } from '../orderFile';
import { describeOutcome } from '../report';
import { openSession } from '../session';
import { followToTheEnd } from './follow';

/**
 * `start <order.json>` and the original `<order.json>`: starts an execution with the order in the
 * file and prints its link; then returns (`start`), waits for the end (the original form), or
 * follows it live (`--watch`).
 */
export async function start(command: Extract<Command, { kind: 'start' }>, deps: OrderCliDeps): Promise<number> {
  // Read the file before calling AWS, so a typo in the path costs no round trip.
  const order = readOrderFile(command.file);
  if (command.newId) order.orderId = freshOrderId(order.orderId, deps.suffix());

  const session = openSession(command.target, deps.env, deps.clients);
  const stateMachineArn = await session.stateMachineArn();

  const name = executionName(order.orderId, deps.suffix());
  let executionArn: string;
  try {
    const started = await session.sfn.send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(order) }),
    );
    executionArn = started.executionArn ?? '';
  } catch (err) {
    throw explainAwsError(err, `starting an execution of ${stateMachineArn}`, session.localEndpoint);
  }

  deps.out(`Order ${String(order.orderId)} from ${command.file}`);
  deps.out(`Started execution ${name}`);
  deps.out(executionLinkLine(executionArn, session.localEndpoint));

  if (command.follow === 'none') {
    deps.out(`Execution ARN: ${executionArn}`);
    deps.out(`Follow it with: npm run order -- watch ${name}${command.target.local ? ' --local' : ''}`);
    return EXIT_SUCCEEDED;
  }
  if (command.follow === 'watch') {
    deps.out('Following it (Ctrl-C stops the watching, not the execution):');
    return followToTheEnd(session, executionArn, deps);
  }
  deps.out('Waiting for it to finish (Ctrl-C stops the waiting, not the execution)...');
  const finished = await awaitExecution(session.sfn, executionArn, {
    intervalMs: deps.pollIntervalMs,
    sleep: deps.sleep,
    localEndpoint: session.localEndpoint,
  });
  const { lines, exitCode } = describeOutcome(finished);
  for (const line of lines) deps.out(line);
  return exitCode;
}
