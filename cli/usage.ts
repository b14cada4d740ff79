import { PROGRESS_LEGEND } from './progress';

// The id bin/order-saga.ts gives the stack (lib/order-saga-app.ts STACK_NAME; a test keeps them equal).
export const DEFAULT_STACK = 'OrderSagaStack';

/** The original form, `npm run order -- <order.json>`: unchanged, so scripts written for it keep working. */
export const USAGE =
  'npm run order -- <order.json> [--new-id] [--arn STATE_MACHINE_ARN] [--region REGION] [--stack STACK_NAME]';

/** The forms a command name selects; `order` is the original form without one. */
export type CommandName = 'order' | 'start' | 'watch' | 'list' | 'history';

const WHERE = '[--local] [--region R]';

export const COMMAND_USAGE: Record<CommandName, string> = {
  order: USAGE,
  start: `npm run order -- start <order.json> [--new-id] [--watch] [--arn ARN | --stack NAME] ${WHERE}`,
  watch: `npm run order -- watch <executionArn|name> [--arn ARN | --stack NAME] ${WHERE}`,
  list: `npm run order -- list [--status STATUS] [--arn ARN | --stack NAME] ${WHERE}`,
  history: `npm run order -- history <executionArn|name> [--json] [--arn ARN | --stack NAME] ${WHERE}`,
};

/** What `--help` prints. */
export const HELP = [
  `Usage: ${USAGE}`,
  `       ${COMMAND_USAGE.start}`,
  `       ${COMMAND_USAGE.watch}`,
  `       ${COMMAND_USAGE.list}`,
  `       ${COMMAND_USAGE.history}`,
  '',
  'With an order file alone, starts an execution of the order saga with the order in the file, prints',
  'its console link, waits for it to finish and prints its status and output (or error and cause).',
  '',
  '  start FILE      start an execution and print its ARN; with --watch, follow it live to the end',
  '  watch EXEC      follow an execution live: each state entered and left, failures, retries,',
  '                  catches and the compensations (the states that undo a step), then how it ended',
  '  list            the executions of the state machine, newest first (all pages)',
  '  history EXEC    the events of an execution as lines, or as GetExecutionHistory JSON with --json',
  '',
  '  --new-id        give the order a fresh orderId, so a sample can be run again',
  '  --watch         follow the started execution live instead of only waiting for its end',
  '  --status S      list only RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED executions',
  '  --json          print the history as JSON ({"events": [...]}, every page)',
  '  --arn ARN       the state machine (default: the StateMachineArn output of the stack, or locally',
  "                  the server's state machine of this app)",
  "  --region R      the AWS region (default: the ARN's region, else AWS_REGION or the profile's)",
  `  --stack NAME    the stack whose outputs name the state machine (default: ${DEFAULT_STACK})`,
  '  --local         use the local server (`npm run local`) at http://127.0.0.1:8083, with dummy',
  '                  credentials and region unless set; AWS_ENDPOINT_URL_SFN names another endpoint',
  '',
  'EXEC is an execution ARN, or an execution name of the state machine.',
  `Progress lines: ${PROGRESS_LEGEND}.`,
  'Exit code: 0 the execution succeeded, 1 it failed, timed out or was aborted, 2 it could not start.',
  '(start without --watch, list and history: 0 when answered, 2 on any error.)',
].join('\n');
