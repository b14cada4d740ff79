import { CliError } from './errors';

export interface OrderArgs {
  /** Path of the order JSON file, as given. */
  file: string;
  /** Replace the file's orderId with a fresh one, so a sample can be re-run. */
  newId: boolean;
  /** State machine ARN; when absent it is read from the stack's outputs. */
  arn?: string;
  region?: string;
  stack: string;
  help: boolean;
}

// The id bin/order-saga.ts gives the stack (lib/order-saga-app.ts STACK_NAME; a test keeps them equal).
export const DEFAULT_STACK = 'OrderSagaStack';

export const USAGE =
  'npm run order -- <order.json> [--new-id] [--arn STATE_MACHINE_ARN] [--region REGION] [--stack STACK_NAME]';

/** What `--help` prints. */
export const HELP = [
  `Usage: ${USAGE}`,
  '',
  'Starts an execution of the deployed order saga with the order in the file, prints its console link,',
  'waits for it to finish and prints its status and output (or error and cause).',
  '',
  '  --new-id        give the order a fresh orderId, so a sample can be run again',
  '  --arn ARN       the state machine to run (default: the StateMachineArn output of the stack)',
  '  --region R      the AWS region (default: the ARN\'s region, else AWS_REGION or the profile\'s)',
  `  --stack NAME    the stack whose outputs name the state machine (default: ${DEFAULT_STACK})`,
  '',
  'Exit code: 0 the execution succeeded, 1 it failed, timed out or was aborted, 2 it could not start.',
].join('\n');

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// CloudFormation's own rule for stack names.
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

const VALUE_FLAGS = ['--arn', '--region', '--stack'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

/** Parses the arguments after `npm run order --`; every mistake is a CliError naming the flag. */
export function parseArgs(argv: readonly string[]): OrderArgs {
  const files: string[] = [];
  const values: Partial<Record<ValueFlag, string>> = {};
  let newId = false;
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg === '--new-id') {
      newId = true;
    } else if (arg.startsWith('--')) {
      const [flag, inline] = splitInline(arg);
      if (!isValueFlag(flag)) throw new CliError(`Unknown option ${flag} (usage: ${USAGE}).`);
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
        throw new CliError(`Option ${flag} needs a value (usage: ${USAGE}).`);
      }
      if (values[flag] !== undefined) throw new CliError(`Option ${flag} is given twice.`);
      values[flag] = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new CliError(`Unknown option ${arg} (usage: ${USAGE}).`);
    } else {
      files.push(arg);
    }
  }

  if (help) return { file: files[0] ?? '', newId, stack: DEFAULT_STACK, help };
  if (files.length === 0) throw new CliError(`No order file given (usage: ${USAGE}).`);
  if (files.length > 1) throw new CliError(`Give exactly one order file, not ${files.length} (${files.join(', ')}).`);

  const { '--arn': arn, '--region': region, '--stack': stack = DEFAULT_STACK } = values;
  if (arn !== undefined && !STATE_MACHINE_ARN.test(arn)) {
    throw new CliError(
      `--arn ${arn} is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>).`,
    );
  }
  if (region !== undefined && !REGION.test(region)) {
    throw new CliError(`--region ${region} is not an AWS region name such as eu-west-1.`);
  }
  if (!STACK_NAME.test(stack)) {
    throw new CliError(`--stack ${stack} is not a CloudFormation stack name (a letter, then letters, digits or -).`);
  }
  return { file: files[0], newId, arn, region, stack, help };
}

/** The region a state machine or execution ARN lives in. */
export function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

function isValueFlag(flag: string): flag is ValueFlag {
  return (VALUE_FLAGS as readonly string[]).includes(flag);
}
