import type { Sleep } from './awaitExecution';
import type { PollBackoff } from './backoff';
import type { RandomSuffix } from './executionIds';
import type { ClientFactory } from './session';

export interface OrderCliDeps {
  /** Writes one line to stdout. */
  out: (line: string) => void;
  /** Writes one line to stderr. */
  err: (line: string) => void;
  /** Builds the AWS clients for a region (undefined: the SDK's own region chain) and, locally, an endpoint. Tests point them at a stub. */
  clients: ClientFactory;
  /** Where AWS_ENDPOINT_URL_SFN, AWS_REGION and the credentials variables are read: process.env, or a test's own. */
  env: NodeJS.ProcessEnv;
  /** The wait between DescribeExecution polls of the original form. */
  pollIntervalMs: number;
  /** The waits between GetExecutionHistory polls of `watch` and `start --watch`. */
  backoff: PollBackoff;
  sleep: Sleep;
  suffix: RandomSuffix;
}
