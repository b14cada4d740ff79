import type { HistoryEvent } from '@aws-sdk/client-sfn';

/** How the engine reaches the outside world; the same options serve every execution of a machine. */
export interface EngineOptions {
  /** Runs a Lambda function: resolves with its result, rejects with its error (name = errorType). */
  invokeFunction?: (functionNameOrArn: string, payload: unknown) => unknown | Promise<unknown>;
  /** Puts events on a bus (arn:aws:states:::events:putEvents). Without it such a task fails. */
  putEvents?: (entries: unknown[]) => unknown | Promise<unknown>;
  /** Clients for the AWS SDK integrations; only `send(command)` is used. */
  services?: { dynamodb?: { send(command: any): Promise<any> } };
  /** Multiplies every wait (Wait, retry intervals, timeouts). 0: no real sleeping. Default 1. */
  timeScale?: number;
  /** The region and account that appear in ARNs (default us-east-1, 123456789012). */
  region?: string;
  accountId?: string;
  /** The state machine's name in ARNs and the context object (default "StateMachine"). */
  stateMachineName?: string;
  /**
   * Answers a Task's call instead of its resource (mocked service integrations): called before
   * each invocation with the state's name and how many times that state was invoked before in
   * this execution (0 for the first; retries, revisits and Map iterations all count). A returned
   * response stands in for the call, with the same history events; undefined makes the real call.
   */
  mockTask?: (stateName: string, invocation: number) => MockedTaskResponse | undefined;
}

/** What a mocked Task answers: its result, or the error (and cause) it fails with. */
export type MockedTaskResponse = { result: unknown } | { error: string; cause?: string };

export interface StartOptions {
  /** The execution name (default: a uuid). */
  name?: string;
  /** Called with each history event as it is recorded. */
  onEvent?: (event: HistoryEvent) => void;
  /**
   * Aborting stops the execution with status ABORTED and an ExecutionAborted event, as StopExecution
   * does. An abort reason of the form `{ error, cause }` (StopExecution's parameters) is what the
   * event and the result report; any other reason reports States.Aborted, "The execution was aborted.".
   * Once aborted, the execution records nothing more and starts no timer or call.
   */
  signal?: AbortSignal;
}

/** What StopExecution is given: the error and cause an aborted execution reports. */
export interface AbortDetails {
  error?: string;
  cause?: string;
}

export type ExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionResult {
  status: ExecutionStatus;
  /** The output value itself (undefined unless SUCCEEDED). */
  output?: unknown;
  error?: string;
  cause?: string;
  executionArn: string;
  name: string;
  history: HistoryEvent[];
}

export type { HistoryEvent };
