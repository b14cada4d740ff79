import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { HELP, parseArgs, regionOfArn } from './args';
import { awaitExecution, type Sleep } from './awaitExecution';
import { explainAwsError } from './awsErrors';
import { consoleLink } from './consoleLink';
import { CliError, EXIT_SUCCEEDED, EXIT_USAGE } from './errors';
import { executionName, freshOrderId, type RandomSuffix } from './executionIds';
import { readOrderFile } from './orderFile';
import { describeOutcome } from './report';
import { findStateMachineArn } from './stateMachineArn';

export interface OrderCliDeps {
  /** Writes one line to stdout. */
  out: (line: string) => void;
  /** Writes one line to stderr. */
  err: (line: string) => void;
  /** Builds the AWS clients for a region (undefined: the SDK's own region chain). Tests point them at a stub. */
  clients: (region: string | undefined) => { sfn: SFNClient; cfn: CloudFormationClient };
  pollIntervalMs: number;
  sleep: Sleep;
  suffix: RandomSuffix;
}

/**
 * `npm run order -- <file> [--new-id] [--arn ARN] [--region R] [--stack NAME]`: starts an execution
 * of the deployed saga with the order in <file>, prints its console link, waits for it and prints
 * how it ended. Returns the exit code: 0 succeeded, 1 the execution ended otherwise, 2 nothing started.
 */
export async function runOrder(argv: readonly string[], deps: OrderCliDeps): Promise<number> {
  try {
    return await startAndAwait(argv, deps);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    deps.err(err.message);
    return EXIT_USAGE;
  }
}

async function startAndAwait(argv: readonly string[], deps: OrderCliDeps): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    deps.out(HELP);
    return EXIT_SUCCEEDED;
  }

  // Read the file before calling AWS, so a typo in the path costs no round trip.
  const order = readOrderFile(args.file);
  if (args.newId) order.orderId = freshOrderId(order.orderId, deps.suffix());

  // An explicit ARN names its own region; otherwise the SDK's chain (AWS_REGION, profile) decides.
  const { sfn, cfn } = deps.clients(args.region ?? (args.arn ? regionOfArn(args.arn) : undefined));
  const stateMachineArn = args.arn ?? (await findStateMachineArn(cfn, args.stack));

  const name = executionName(order.orderId, deps.suffix());
  let executionArn: string;
  try {
    const started = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(order) }),
    );
    executionArn = started.executionArn ?? '';
  } catch (err) {
    throw explainAwsError(err, `starting an execution of ${stateMachineArn}`);
  }

  deps.out(`Order ${String(order.orderId)} from ${args.file}`);
  deps.out(`Started execution ${name}`);
  deps.out(`Console: ${consoleLink(executionArn)}`);
  deps.out('Waiting for it to finish (Ctrl-C stops the waiting, not the execution)...');

  const finished = await awaitExecution(sfn, executionArn, { intervalMs: deps.pollIntervalMs, sleep: deps.sleep });
  const { lines, exitCode } = describeOutcome(finished);
  for (const line of lines) deps.out(line);
  return exitCode;
}
