import type { Emulator, ExecutionResult } from '../emulator';
import { conflict } from './sample-claims';
import type { SampleReport, SampleRun, SharedBySamples } from './sample-run';
import { sideBySide } from './side-by-side';

export interface SampleRunsOptions {
  /** One sample at a time (the functions' log lines say which function, not which sample). */
  oneAtATime?: boolean;
}

export interface SampleRuns {
  /** Each sample's report, in the order of the samples given. */
  reports: Array<Promise<SampleReport>>;
  /**
   * Resolves once every sample has run, with what no report accounts for: stock that changed while
   * no sample of that SKU ran, an event on the bus that no report shows. Empty when the reports
   * together tell everything that happened.
   */
  unexplained: Promise<string[]>;
}

/**
 * Runs samples side by side on one emulator: two samples run at the same time only if they share
 * no order and no SKU (see sample-claims.ts), so each report is its own sample's alone. Samples run
 * in rounds in which each orderId occurs once, with a reset between rounds: a file given twice, or
 * two files of one order, would otherwise find the other one's rows.
 */
export function runSamples(
  { emulator, ledger }: SharedBySamples,
  runs: SampleRun[],
  owners: ExecutionOwners,
  options: SampleRunsOptions = {},
): SampleRuns {
  const reports = new Map<SampleRun, Promise<SampleReport>>();
  const unexplained: string[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  for (const [index, round] of inRounds(runs).entries()) {
    const results = (async () => {
      await previous;
      if (index > 0) {
        await emulator.reset();
        ledger.reseeded();
      }
      return sideBySide(
        round.map((run) => ({ claims: run.claims, run: () => owners.whileRunning(run, () => run.run()) })),
        { conflict, maxRunning: options.oneAtATime ? 1 : undefined },
      );
    })();
    round.forEach((run, at) => reports.set(run, results.then((all) => all[at])));
    // The next round resets the tables: only once this one is over and checked.
    previous = results.then(async (all) => {
      const done = await Promise.allSettled(all);
      const accounted = new Set(done.flatMap((report) => (report.status === 'fulfilled' ? report.value.eventIds : [])));
      await emulator.settle();
      await ledger.check();
      for (const event of emulator.bus.events) {
        if (!accounted.has(event.id)) unexplained.push(`an ${event['detail-type']} event on the bus that no report shows`);
      }
    });
  }
  return {
    reports: runs.map((run) => handled(reports.get(run)!)),
    unexplained: handled(previous.then(() => [...ledger.unexplained, ...owners.unexplained, ...unexplained])),
  };
}

/**
 * A failure here is a failure of the tooling, which the caller meets in the first report it awaits
 * that failed; the others it never awaits must not end the process as unhandled on their own.
 */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function inRounds(runs: SampleRun[]): SampleRun[][] {
  const rounds: SampleRun[][] = [];
  const roundsOf = new Map<string | undefined, number>();
  for (const run of runs) {
    const round = Math.max(0, ...run.claims.orderIds.map((id) => roundsOf.get(id) ?? 0));
    for (const id of run.claims.orderIds) roundsOf.set(id, round + 1);
    (rounds[round] ??= []).push(run);
  }
  return rounds;
}

/**
 * Which sample an execution started by an event belongs to: the running sample of that order (no
 * two samples of one order run at once). An event that no running sample put starts an execution
 * all the same, as on AWS, and is noted. Given to the emulator as `startFromEvent`.
 */
export class ExecutionOwners {
  /** The emulator, once started (it takes `start` as an option, before it exists). */
  emulator: Emulator | undefined;
  readonly unexplained: string[] = [];
  private readonly running = new Map<string | undefined, SampleRun>();

  async whileRunning<T>(run: SampleRun, work: () => Promise<T>): Promise<T> {
    for (const id of run.claims.orderIds) this.running.set(id, run);
    try {
      return await work();
    } finally {
      for (const id of run.claims.orderIds) this.running.delete(id);
    }
  }

  start = (input: unknown): Promise<ExecutionResult> => {
    const orderId = (input as { orderId?: unknown } | null)?.orderId;
    const owner = this.running.get(typeof orderId === 'string' ? orderId : undefined);
    if (owner) return owner.startFromEvent(input);
    this.unexplained.push(`an event started an execution for order ${String(orderId)}, which no running sample put on the bus`);
    return this.emulator!.startExecution(input);
  };
}
