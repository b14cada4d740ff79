import type { DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { EXIT_EXECUTION_FAILED, EXIT_SUCCEEDED } from './errors';

/** The lines that tell how an execution ended, and the exit code that goes with it. */
export function describeOutcome(execution: DescribeExecutionCommandOutput): { lines: string[]; exitCode: number } {
  const status = execution.status ?? 'UNKNOWN';
  const lines = [`Status: ${status}`];
  if (status === 'SUCCEEDED') {
    lines.push('Output:', pretty(execution.output ?? 'null'));
    return { lines, exitCode: EXIT_SUCCEEDED };
  }
  // FAILED carries the Fail state's Error and Cause; TIMED_OUT and ABORTED may carry neither.
  if (execution.error) lines.push(`Error: ${execution.error}`);
  if (execution.cause) lines.push(`Cause: ${pretty(execution.cause)}`);
  return { lines, exitCode: EXIT_EXECUTION_FAILED };
}

// Outputs are JSON, and so are most causes (a Lambda's {errorType, errorMessage}); indent those.
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
