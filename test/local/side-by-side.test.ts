import { claimsOf, conflict, type Claims } from '../../local/start/sample-claims';
import type { Sample } from '../../local/start/samples';
import { sideBySide } from '../../local/start/side-by-side';
import { WarmCapacity } from '../../local/start/warm-capacity';

/** A job that records when it runs, and ends when the test says so. */
function job(name: string, claims: string[], log: string[]) {
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const ended = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  return {
    claims,
    run: () => {
      log.push(`start ${name}`);
      return ended.finally(() => log.push(`end ${name}`));
    },
    finish,
    fail,
  };
}
const shareOne = (a: string[], b: string[]) => a.some((claim) => b.includes(claim));
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('side by side', () => {
  test('jobs that need something in common never overlap; the others start at once', async () => {
    const log: string[] = [];
    const a = job('a', ['BOOK'], log);
    const b = job('b', ['MUG'], log);
    const c = job('c', ['BOOK', 'MUG'], log);
    const results = sideBySide([a, b, c], { conflict: shareOne });
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    a.finish();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end a']); // c still waits for b
    b.finish();
    await tick();
    expect(log.slice(3)).toEqual(['end b', 'start c']);
    c.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c']);
  });

  test('a job held back lets later ones go ahead; results come back in list order', async () => {
    const log: string[] = [];
    const a = job('a', ['BOOK'], log);
    const b = job('b', ['BOOK'], log);
    const c = job('c', ['DESK'], log);
    const results = sideBySide([a, b, c], { conflict: shareOne });
    await tick();
    expect(log).toEqual(['start a', 'start c']);
    c.finish();
    a.finish();
    await tick();
    b.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c']);
  });

  test('maxRunning 1: one at a time, in list order', async () => {
    const log: string[] = [];
    const jobs = ['a', 'b', 'c'].map((name) => job(name, [name], log));
    const results = sideBySide(jobs, { conflict: shareOne, maxRunning: 1 });
    for (const each of jobs) {
      await tick();
      each.finish();
    }
    await Promise.all(results);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  test('a job that fails rejects its own result, and the ones it held back still run', async () => {
    const log: string[] = [];
    const a = job('a', ['BOOK'], log);
    const b = job('b', ['BOOK'], log);
    const results = sideBySide([a, b], { conflict: shareOne });
    await tick();
    a.fail(new Error('tooling broke'));
    await expect(results[0]).rejects.toThrow('tooling broke');
    b.finish();
    await expect(results[1]).resolves.toBe('b');
  });
});

describe('what a sample claims', () => {
  const order = (orderId: unknown, ...skus: unknown[]) => ({ orderId, items: skus.map((sku) => ({ sku, quantity: 1, unitPrice: 1 })) });
  const orderSample = (value: unknown): Sample => ({ kind: 'order', order: value, orderId: undefined, runTwice: false });
  const eventSample = (...details: unknown[]): Sample => ({
    kind: 'event',
    entries: details.map((detail) => ({ Source: 'shop', DetailType: 'OrderPlaced', Detail: JSON.stringify(detail) })),
    orderId: undefined,
  });

  test("an order claims its orderId and its lines' SKUs; an event sample, those of every order it puts", () => {
    expect(claimsOf(orderSample(order('ord-1', 'SKU-A', 'SKU-B')))).toEqual({ orderIds: ['ord-1'], skus: ['SKU-A', 'SKU-B'] });
    expect(claimsOf(eventSample(order('ord-2', 'SKU-A'), order('ord-3', 'SKU-C')))).toEqual({
      orderIds: ['ord-2', 'ord-3'],
      skus: ['SKU-A', 'SKU-C'],
    });
  });

  test('lines that cannot be read claim every SKU; an order without lines claims none', () => {
    expect(claimsOf(orderSample({ orderId: 'ord-1', items: 'many' })).skus).toBe('all');
    expect(claimsOf(orderSample({ orderId: 'ord-1', items: [{ quantity: 1 }] })).skus).toBe('all');
    expect(claimsOf(orderSample({ orderId: 'ord-1' })).skus).toEqual([]);
  });

  test('samples conflict over one SKU or one order; orders without an orderId conflict with each other', () => {
    const claims = (orderIds: Array<string | undefined>, skus: Claims['skus']): Claims => ({ orderIds, skus });
    expect(conflict(claims(['a'], ['BOOK', 'MUG']), claims(['b'], ['MUG']))).toBe(true);
    expect(conflict(claims(['a'], ['BOOK']), claims(['b'], ['MUG']))).toBe(false);
    expect(conflict(claims(['a'], ['BOOK']), claims(['a'], ['MUG']))).toBe(true);
    expect(conflict(claims([undefined], []), claims([undefined], []))).toBe(true);
    expect(conflict(claims(['a'], 'all'), claims(['b'], ['MUG']))).toBe(true);
    expect(conflict(claims(['a'], 'all'), claims(['b'], []))).toBe(false);
  });
});

describe('warm capacity', () => {
  test('a third invocation of one function at once waits for one of the two warm environments', async () => {
    const capacity = new WarmCapacity(2);
    const log: string[] = [];
    const ends: Array<() => void> = [];
    const invoke = (name: string) =>
      capacity.run('ChargePayment', () => {
        log.push(`start ${name}`);
        return new Promise<void>((resolve) => ends.push(resolve));
      });
    const calls = [invoke('a'), invoke('b'), invoke('c'), capacity.run('CheckPayment', async () => log.push('other function'))];
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a', 'start b', 'other function']);
    ends[0]();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['start a', 'start b', 'other function', 'start c']);
    ends[1]();
    ends[2]();
    await Promise.all(calls);
  });
});
