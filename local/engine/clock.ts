import { ExecutionStopped } from './errors';

/**
 * The time an execution runs on. With timeScale > 0 every wait really sleeps (seconds ×
 * timeScale). With timeScale 0 nothing sleeps, but waits still fire in the order of their due
 * times: pending sleeps form a queue and the clock jumps to the earliest one once the execution
 * has nothing else to do (no integration call it still waits for). So a one-hour Wait still loses
 * against a ten-minute timeout. A call that never answers is still timed out after the timeout's
 * real duration. Timestamps follow the clock, so virtual waits show in the history.
 */
interface Timer {
  due: number;
  seq: number;
  resolve: () => void;
  reject: (e: unknown) => void;
  handle?: NodeJS.Timeout;
}

/** An integration call in flight; it stops holding time once nobody waits for its answer. */
interface Call {
  abandoned: boolean;
  readonly stop?: { readonly isStopped: boolean };
}

export class Clock {
  private offset = 0; // virtual ms added to the real clock
  private readonly timers: Timer[] = [];
  private seq = 0;
  private readonly calls = new Set<Call>();
  private scheduled = false;
  private stopped = false;

  constructor(private readonly timeScale: number) {}

  now(): number {
    return Date.now() + this.offset;
  }

  /** Sleeps `seconds` of workflow time. */
  sleep(seconds: number): Promise<void> {
    return this.timer(seconds).promise;
  }

  /** A sleep that can be cancelled (a timeout that lost its race). */
  timer(seconds: number): { promise: Promise<void>; cancel(): void } {
    let created: Timer | undefined;
    const cancel = () => {
      if (!created) return;
      if (created.handle) clearTimeout(created.handle);
      this.remove(created);
    };
    if (this.stopped) return { promise: Promise.reject(new ExecutionStopped()), cancel };
    const ms = Math.max(0, seconds * 1000);
    const promise = new Promise<void>((resolve, reject) => {
      const timer: Timer = { due: this.now() + ms, seq: this.seq++, resolve, reject };
      created = timer;
      if (this.timeScale > 0) {
        timer.handle = setTimeout(() => {
          this.remove(timer);
          // the virtual clock keeps the workflow's notion of elapsed time: scaled sleeps advance it
          const lag = timer.due - this.now();
          if (lag > 0) this.offset += lag;
          resolve();
        }, ms * this.timeScale);
        this.timers.push(timer);
      } else {
        // Backstop: if real work (a hung handler) keeps the virtual clock from advancing, the
        // timer still fires after its duration in real time, so nothing hangs forever.
        timer.handle = setTimeout(() => {
          this.remove(timer);
          const lag = timer.due - this.now();
          if (lag > 0) this.offset += lag;
          resolve();
        }, ms);
        this.timers.push(timer);
        this.schedule();
      }
    });
    return { promise, cancel };
  }

  /**
   * Marks real work (an integration call) in flight: virtual time does not advance meanwhile.
   * A call the execution stopped waiting for (timed out, or its lane's `stop` token stopped when a
   * sibling failed its Parallel or Map) runs on but no longer holds time.
   */
  during<T>(work: () => Promise<T>, stop?: { readonly isStopped: boolean }): { promise: Promise<T>; abandon(): void } {
    const call: Call = { abandoned: false, stop };
    this.calls.add(call);
    const promise = (async () => {
      try {
        return await work();
      } finally {
        this.calls.delete(call);
        if (this.timers.length > 0) this.schedule();
      }
    })();
    const abandon = () => {
      call.abandoned = true;
      if (this.timers.length > 0) this.schedule();
    };
    return { promise, abandon };
  }

  private waitingForCall(): boolean {
    for (const c of this.calls) if (!c.abandoned && !c.stop?.isStopped) return true;
    return false;
  }

  /** Rejects every pending sleep: the execution is over. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.splice(0)) {
      if (t.handle) clearTimeout(t.handle);
      t.reject(new ExecutionStopped());
    }
  }

  private remove(timer: Timer) {
    const i = this.timers.indexOf(timer);
    if (i >= 0) this.timers.splice(i, 1);
  }

  private schedule() {
    if (this.scheduled || this.timeScale > 0) return;
    this.scheduled = true;
    setImmediate(() => this.advance());
  }

  private advance() {
    this.scheduled = false;
    if (this.timers.length === 0 || this.stopped || this.waitingForCall()) return;
    let first = 0;
    for (let i = 1; i < this.timers.length; i++) {
      const a = this.timers[i];
      const b = this.timers[first];
      if (a.due < b.due || (a.due === b.due && a.seq < b.seq)) first = i;
    }
    const [timer] = this.timers.splice(first, 1);
    if (timer.handle) clearTimeout(timer.handle);
    const lag = timer.due - this.now();
    if (lag > 0) this.offset += lag;
    timer.resolve();
    if (this.timers.length > 0) this.schedule();
  }
}
