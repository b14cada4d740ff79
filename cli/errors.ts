/**
 * A failure the user can fix (bad flag, missing file, no credentials, no stack): the CLI prints its
 * message, one sentence, on stderr and exits 2 without a stack trace. Anything else is a bug and
 * keeps its stack.
 */
export class CliError extends Error {
  // A string literal, not the class name: it must survive bundling and minification.
  override readonly name = 'CliError';
}

/** Exit codes: 0 the execution succeeded, 1 it ended in any other status, 2 it could not be started. */
export const EXIT_SUCCEEDED = 0;
export const EXIT_EXECUTION_FAILED = 1;
export const EXIT_USAGE = 2;
