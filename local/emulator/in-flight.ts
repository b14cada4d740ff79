import { setTimeout as delay } from 'node:timers/promises';

/** What is refused, or cut short, once the emulator has stopped. */
export class EmulatorStoppedError extends Error {
  override readonly name = 'EmulatorStoppedError';
}

/**
 * Work that may go on after its caller stopped waiting: an invocation a timed-out step abandoned, a
 * duplicate delivery, a request a fault holds back. Tracked so that `idle()` can wait until all of
 * it has ended, and what it wrote has landed; or, when the emulator stops, so that `stop()` can cut
 * it short: the waits it sleeps through (`sleep`) end at once, and its owner refuses new work.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private readonly stopping = new AbortController();

  get size(): number {
    return this.running.size;
  }

  /** True once `stop()` was called: the owner starts no new work. */
  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Tracks `work` and hands it back; its rejection still reaches whoever awaits it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const done = () => this.running.delete(work);
    work.then(done, done);
    return work;
  }

  /** Waits `ms`, unless `stop()` comes first: then it rejects with stop's error (and leaves no timer). */
  async sleep(ms: number): Promise<void> {
    try {
      await delay(Math.max(0, ms), undefined, { signal: this.stopping.signal });
    } catch (error) {
      if (this.stopped) throw this.stopping.signal.reason;
      throw error;
    }
  }

  /** Resolves once nothing tracked is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * Cuts short every `sleep` (now and later) with `error`; the owner ends the rest of its work (a
   * worker it terminates). Idempotent: the first error is the one sleeps reject with.
   */
  stop(error: Error): void {
    if (!this.stopped) this.stopping.abort(error);
  }
}
