/**
 * Executions started through the server (or by an event on the bus), kept in memory for the life
 * of the process. A STANDARD execution is kept after it ends, so it can be described, listed and
 * its history read; the oldest closed ones are forgotten beyond a bound, so a server left running
 * under load does not grow without end.
 */
import type { HistoryEvent } from '../../engine';
import type { Revision } from './state-machines';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  name: string;
  /** The state machine's own ARN (not the version's or alias's). */
  stateMachineArn: string;
  stateMachineName: string;
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  express: boolean;
  /** What it runs, as it was when it started (DescribeStateMachineForExecution). */
  revision: Revision;
  /** The input text as the caller sent it. */
  input: string;
  startDate: Date;
  stopDate?: Date;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  /** History events as the engine records them; the API view is built when asked (history-view.ts). */
  events: HistoryEvent[];
  /** StopExecution's error and cause, which the ExecutionAborted event carries. */
  stopped?: { error?: string; cause?: string };
  abort: AbortController;
  /** Settles when the engine has finished the execution (never rejects). */
  finished: Promise<void>;
  /** Insertion order: ListExecutions lists newest first. */
  seq: number;
}

/** Closed executions kept at most; the oldest go first. */
export const DEFAULT_RETAINED_CLOSED = 10_000;

export class ExecutionStore {
  private readonly byArn = new Map<string, ExecutionRecord>();
  /** EXPRESS executions are not kept, only tracked while they run (so a stopping server can end them). */
  private readonly expressRunning = new Set<ExecutionRecord>();
  private seq = 0;
  private closedCount = 0;

  constructor(private readonly retainedClosed = DEFAULT_RETAINED_CLOSED) {}

  nextSeq(): number {
    return ++this.seq;
  }

  get(arn: string): ExecutionRecord | undefined {
    return this.byArn.get(arn);
  }

  add(record: ExecutionRecord): void {
    this.byArn.set(record.executionArn, record);
  }

  /** Called when an execution ends: keeps the number of closed executions bounded. */
  closed(): void {
    this.closedCount += 1;
    if (this.closedCount <= this.retainedClosed) return;
    // Map iteration is insertion order: the first closed one found is the oldest.
    for (const [arn, record] of this.byArn) {
      if (record.status === 'RUNNING') continue;
      this.byArn.delete(arn);
      this.closedCount -= 1;
      if (this.closedCount <= this.retainedClosed) return;
    }
  }

  /** Executions of a state machine, newest first. */
  ofStateMachine(stateMachineArn: string): ExecutionRecord[] {
    const found: ExecutionRecord[] = [];
    for (const record of this.byArn.values()) if (record.stateMachineArn === stateMachineArn) found.push(record);
    return found.sort((a, b) => b.seq - a.seq);
  }

  /** Forgets the executions of a deleted state machine; running ones are forgotten when they end. */
  forgetStateMachine(stateMachineArn: string): void {
    for (const [arn, record] of this.byArn) {
      if (record.stateMachineArn !== stateMachineArn) continue;
      if (record.status === 'RUNNING') {
        void record.finished.then(() => {
          if (this.byArn.get(arn) === record) {
            this.byArn.delete(arn);
            this.closedCount -= 1;
          }
        });
      } else {
        this.byArn.delete(arn);
        this.closedCount -= 1;
      }
    }
  }

  trackExpress(record: ExecutionRecord): void {
    this.expressRunning.add(record);
    void record.finished.then(() => this.expressRunning.delete(record));
  }

  running(): ExecutionRecord[] {
    return [...[...this.byArn.values()].filter((record) => record.status === 'RUNNING'), ...this.expressRunning];
  }

  get size(): number {
    return this.byArn.size;
  }
}
