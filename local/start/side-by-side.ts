/** One piece of work for `sideBySide`, with what it needs to itself while it runs. */
export interface ClaimingJob<C, T> {
  claims: C;
  run(): Promise<T>;
}

export interface SideBySideOptions<C> {
  /** Whether two jobs need something in common: such jobs never run at the same time. */
  conflict(a: C, b: C): boolean;
  /** At most this many at once (default: no limit). */
  maxRunning?: number;
}

/**
 * Runs jobs side by side: each starts as soon as no running job conflicts with it, looking at the
 * waiting ones in list order, so a job held back by a conflict lets later ones go ahead. The results
 * come back in list order, whatever order the jobs finished in. A job that fails does not stop the
 * others; its promise rejects.
 */
export function sideBySide<C, T>(jobs: Array<ClaimingJob<C, T>>, options: SideBySideOptions<C>): Array<Promise<T>> {
  const maxRunning = options.maxRunning ?? Infinity;
  const waiting = jobs.map((job) => ({ job, result: deferred<T>() }));
  const results = waiting.map(({ result }) => result.promise);
  const running = new Set<ClaimingJob<C, T>>();

  const startWhatCan = () => {
    for (let at = 0; at < waiting.length && running.size < maxRunning; ) {
      const { job, result } = waiting[at];
      if ([...running].some((other) => options.conflict(job.claims, other.claims))) {
        at += 1;
        continue;
      }
      waiting.splice(at, 1);
      running.add(job);
      // A job that throws at once fails like one that rejects.
      const done = Promise.resolve().then(() => job.run());
      done.finally(() => {
        running.delete(job);
        startWhatCan();
      }).catch(() => undefined);
      done.then(result.resolve, result.reject);
    }
  };
  startWhatCan();
  return results;
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
