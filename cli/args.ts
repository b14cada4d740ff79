import { CliError } from './errors';
import { COMMAND_USAGE, type CommandName, DEFAULT_STACK } from './usage';

export { DEFAULT_STACK, HELP, USAGE } from './usage';

/** Which state machine, where: shared by every command. */
export interface TargetArgs {
  /** State machine ARN; when absent it is read from the stack's outputs (or, locally, from the server). */
  arn?: string;
  region?: string;
  /** Given explicitly; `stackName()` supplies the default. */
  stack?: string;
  /** Use the local server at http://127.0.0.1:8083. */
  local: boolean;
}

/** An execution as the user named it. */
export type ExecutionRef = { arn: string } | { name: string };

/** How `start` follows what it started: not at all, by waiting for the end, or live. */
export type Follow = 'none' | 'wait' | 'watch';

export type Command =
  | { kind: 'help' }
  | { kind: 'start'; file: string; newId: boolean; follow: Follow; target: TargetArgs }
  | { kind: 'watch'; execution: ExecutionRef; target: TargetArgs }
  | { kind: 'list'; status?: ListStatus; target: TargetArgs }
  | { kind: 'history'; execution: ExecutionRef; json: boolean; target: TargetArgs };

// ListExecutions refuses PENDING_REDRIVE together with a stateMachineArn, so it is not offered.
export const LIST_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

const SUBCOMMANDS = ['start', 'watch', 'list', 'history'] as const;
const EVERY: readonly CommandName[] = ['order', ...SUBCOMMANDS];

/** Each option: whether it takes a value, and the commands it applies to. */
const OPTIONS: Record<string, { value: boolean; commands: readonly CommandName[] }> = {
  '--new-id': { value: false, commands: ['order', 'start'] },
  '--watch': { value: false, commands: ['order', 'start'] },
  '--json': { value: false, commands: ['history'] },
  '--local': { value: false, commands: EVERY },
  '--status': { value: true, commands: ['list'] },
  '--arn': { value: true, commands: EVERY },
  '--region': { value: true, commands: EVERY },
  '--stack': { value: true, commands: EVERY },
};

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]+):\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;
// A standard execution (…:execution:<machine>:<name>) or an express one (…:express:<machine>:<name>:<id>).
const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:(execution|express):[A-Za-z0-9_-]{1,80}:[^:\s]{1,80}(:[^:\s]+)?$/;
// Step Functions refuses whitespace and these characters in names; a path (with /) is the likely mistake.
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// CloudFormation's own rule for stack names.
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;

interface Scanned {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string>;
  /** The first mistake met, worded once the command (and so its usage) is known. */
  problem?: (usage: string) => string;
}

/**
 * Parses the arguments after `npm run order --`. A first positional `start`, `watch`, `list` or
 * `history` selects that command; anything else is the original form, an order file. Every mistake
 * is a CliError of one sentence naming the flag or argument.
 */
export function parseArgs(argv: readonly string[]): Command {
  const scanned = scan(argv);
  const first = scanned.positionals[0];
  const command: CommandName = (SUBCOMMANDS as readonly string[]).includes(first) ? (first as CommandName) : 'order';
  const operands = command === 'order' ? scanned.positionals : scanned.positionals.slice(1);
  const usage = COMMAND_USAGE[command];

  if (scanned.flags.has('--help')) return { kind: 'help' };
  if (scanned.problem) throw new CliError(scanned.problem(usage));
  for (const flag of [...scanned.flags, ...scanned.values.keys()]) {
    if (!OPTIONS[flag].commands.includes(command)) {
      throw new CliError(`Option ${flag} does not apply to ${describe(command)} (usage: ${usage}).`);
    }
  }

  const target = targetOf(scanned.values, scanned.flags.has('--local'));
  switch (command) {
    case 'order':
    case 'start': {
      const file = single(operands, 'No order file given', 'order file', usage);
      const watch = scanned.flags.has('--watch');
      // The original form always waited for the end; `start` alone returns once it started.
      const follow: Follow = watch ? 'watch' : command === 'order' ? 'wait' : 'none';
      return { kind: 'start', file, newId: scanned.flags.has('--new-id'), follow, target };
    }
    case 'watch':
    case 'history': {
      const execution = executionRef(single(operands, 'No execution given', 'execution', usage));
      return command === 'watch'
        ? { kind: 'watch', execution, target }
        : { kind: 'history', execution, json: scanned.flags.has('--json'), target };
    }
    case 'list': {
      if (operands.length > 0) throw new CliError(`list takes no arguments, but was given ${operands.join(', ')} (usage: ${usage}).`);
      return { kind: 'list', status: listStatus(scanned.values.get('--status')), target };
    }
  }
}

/** The stack to read when none was given. */
export function stackName(target: TargetArgs): string {
  return target.stack ?? DEFAULT_STACK;
}

/** The region a state machine or execution ARN lives in. */
export function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

function scan(argv: readonly string[]): Scanned {
  const scanned: Scanned = { positionals: [], flags: new Set(), values: new Map() };
  const note = (problem: Scanned['problem']) => {
    scanned.problem ??= problem;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      scanned.flags.add('--help');
    } else if (arg.startsWith('--')) {
      const [flag, inline] = splitInline(arg);
      const option = OPTIONS[flag];
      if (!option) {
        note((usage) => `Unknown option ${flag} (usage: ${usage}).`);
      } else if (!option.value) {
        if (inline !== undefined) note(() => `Option ${flag} takes no value.`);
        scanned.flags.add(flag);
      } else {
        const value = inline ?? argv[++i];
        if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
          note((usage) => `Option ${flag} needs a value (usage: ${usage}).`);
        } else if (scanned.values.has(flag)) {
          note(() => `Option ${flag} is given twice.`);
        } else {
          scanned.values.set(flag, value);
        }
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      note((usage) => `Unknown option ${arg} (usage: ${usage}).`);
    } else {
      scanned.positionals.push(arg);
    }
  }
  return scanned;
}

function targetOf(values: Map<string, string>, local: boolean): TargetArgs {
  const arn = values.get('--arn');
  const region = values.get('--region');
  const stack = values.get('--stack');
  if (arn !== undefined && !STATE_MACHINE_ARN.test(arn)) {
    throw new CliError(
      `--arn ${arn} is not a state machine ARN (arn:aws:states:<region>:<account>:stateMachine:<name>).`,
    );
  }
  if (region !== undefined && !REGION.test(region)) {
    throw new CliError(`--region ${region} is not an AWS region name such as eu-west-1.`);
  }
  if (stack !== undefined && !STACK_NAME.test(stack)) {
    throw new CliError(`--stack ${stack} is not a CloudFormation stack name (a letter, then letters, digits or -).`);
  }
  return { arn, region, stack, local };
}

function single(operands: string[], none: string, what: string, usage: string): string {
  if (operands.length === 0) throw new CliError(`${none} (usage: ${usage}).`);
  if (operands.length > 1) throw new CliError(`Give exactly one ${what}, not ${operands.length} (${operands.join(', ')}).`);
  return operands[0];
}

function executionRef(text: string): ExecutionRef {
  if (text.startsWith('arn:')) {
    if (EXECUTION_ARN.test(text)) return { arn: text };
    throw new CliError(`${text} is not an execution ARN (arn:aws:states:<region>:<account>:execution:<machine>:<name>).`);
  }
  if (EXECUTION_NAME.test(text)) return { name: text };
  throw new CliError(
    `${text} is neither an execution ARN nor an execution name (up to 80 characters, no spaces, slashes or colons).`,
  );
}

function listStatus(value: string | undefined): ListStatus | undefined {
  if (value === undefined) return undefined;
  const status = value.toUpperCase();
  if ((LIST_STATUSES as readonly string[]).includes(status)) return status as ListStatus;
  throw new CliError(`--status ${value} is not one of ${LIST_STATUSES.join(', ')}.`);
}

function describe(command: CommandName): string {
  return command === 'order' ? 'an order file alone' : command;
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq === -1 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}
