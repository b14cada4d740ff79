import { DescribeExecutionCommand, type DescribeExecutionCommandOutput, SFNClient } from '@aws-sdk/client-sfn';
import { explainAwsError } from './awsErrors';

export type Sleep = (ms: number) => Promise<void>;

export const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A redriven execution goes back to RUNNING; both mean "not finished yet".
const UNFINISHED = new Set(['RUNNING', 'PENDING_REDRIVE']);

/** Polls DescribeExecution until the execution has finished, and returns that last description. */
export async function awaitExecution(
  sfn: SFNClient,
  executionArn: string,
  options: { intervalMs: number; sleep: Sleep; onPoll?: (status: string) => void; localEndpoint?: string },
): Promise<DescribeExecutionCommandOutput> {
  for (;;) {
    let description: DescribeExecutionCommandOutput;
    try {
      description = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    } catch (err) {
      throw explainAwsError(err, `checking on execution ${executionArn}`, options.localEndpoint);
    }
    const status = description.status ?? 'UNKNOWN';
    if (!UNFINISHED.has(status)) return description;
    options.onPoll?.(status);
    await options.sleep(options.intervalMs);
  }
}
