/**
 * Holds invocations of one function at once to the execution environments it keeps warm (the Lambda
 * host keeps two a function ready, READY_ENVIRONMENTS in emulator/lambda-host.ts). One more would
 * start a worker thread: half a second of CPU, more on a busy machine, and all of it inside its
 * step's timeout, which the time scale shrinks (a 10 s step has 1 s locally) while the start is not
 * shrunk. On AWS a cold start is a small part of a step's timeout; waiting for a warm environment
 * keeps it so locally. Samples running side by side meet in a function when one's invocation hangs
 * (a step that timed out leaves it running to the function's timeout) while two others call it.
 */
export class WarmCapacity {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly perFunction: number) {}

  /** Runs `invoke` once fewer than `perFunction` invocations of `functionName` run. */
  async run<T>(functionName: string, invoke: () => Promise<T>): Promise<T> {
    if ((this.running.get(functionName) ?? 0) >= this.perFunction) {
      await new Promise<void>((resolve) => this.waiting.set(functionName, [...(this.waiting.get(functionName) ?? []), resolve]));
    } else {
      this.running.set(functionName, (this.running.get(functionName) ?? 0) + 1);
    }
    try {
      return await invoke();
    } finally {
      // The slot passes to the next waiting invocation, if any, without being freed in between.
      const next = this.waiting.get(functionName)?.shift();
      if (next) next();
      else this.running.set(functionName, (this.running.get(functionName) ?? 1) - 1);
    }
  }
}
