import { HELP, parseArgs } from './args';
import { history } from './commands/history';
import { list } from './commands/list';
import { start } from './commands/start';
import { watch } from './commands/watch';
import type { OrderCliDeps } from './deps';
import { CliError, EXIT_SUCCEEDED, EXIT_USAGE } from './errors';

export type { OrderCliDeps } from './deps';

/**
 * `npm run order -- <file> [--new-id] [--arn ARN] [--region R] [--stack NAME]`: starts an execution
 * of the saga with the order in <file>, prints its console link, waits for it and prints how it
 * ended; and the commands `start`, `watch`, `list` and `history` (cli/usage.ts). Returns the exit
 * code: 0 succeeded (or answered), 1 the execution ended otherwise, 2 a mistake the user can fix.
 */
export async function runOrder(argv: readonly string[], deps: OrderCliDeps): Promise<number> {
  try {
    return await dispatch(argv, deps);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    deps.err(err.message);
    return EXIT_USAGE;
  }
}

async function dispatch(argv: readonly string[], deps: OrderCliDeps): Promise<number> {
  const command = parseArgs(argv);
  switch (command.kind) {
    case 'help':
      deps.out(HELP);
      return EXIT_SUCCEEDED;
    case 'start':
      return start(command, deps);
    case 'watch':
      return watch(command, deps);
    case 'list':
      return list(command, deps);
    case 'history':
      return history(command, deps);
  }
}
