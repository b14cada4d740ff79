/**
 * Work that may go on after its caller stopped waiting: an invocation a timed-out step abandoned, a
 * duplicate delivery, a request a fault holds back. Tracked so that `idle()` can wait until all of
 * it has ended, and what it wrote has landed.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  get size(): number {
    return this.running.size;
  }

  /** Tracks `work` and hands it back; its rejection still reaches whoever awaits it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const done = () => this.running.delete(work);
    work.then(done, done);
    return work;
  }

  /** Resolves once nothing tracked is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
