import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LambdaHost, type FunctionSpec } from '../../local/emulator/lambda-host';

// Two tiny ESM bundles, as esbuild would emit them, in a folder of the test's own.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-host-'));
fs.writeFileSync(
  path.join(dir, 'counter.mjs'),
  `let calls = 0;
   export const handler = async (event, context) => {
     calls += 1;
     if (event.log) (await import('node:fs')).appendFileSync(event.log, JSON.stringify({ at: Date.now(), id: event.id ?? null }) + '\\n');
     if (event.fail) { const e = new Error('no stock for ' + event.sku); e.name = 'OutOfStock'; throw e; }
     if (event.hang) await new Promise((r) => setTimeout(r, context.getRemainingTimeInMillis() + 1000));
     return { calls, table: process.env.TABLE, name: context.functionName, region: process.env.AWS_REGION };
   };`,
);

function spec(logicalId: string, environment: Record<string, string>): FunctionSpec {
  return { logicalId, functionName: `${logicalId}-fn`, entry: path.join(dir, 'counter.mjs'), exportName: 'handler', environment, timeoutSeconds: 2, memoryMb: 128 };
}

describe('the local Lambda service', () => {
  let host: LambdaHost;
  beforeEach(() => {
    host = new LambdaHost([spec('Reserve', { TABLE: 'orders' }), spec('Charge', { TABLE: 'payments' })], { timeScale: 0.05 });
  });
  afterEach(() => host.stop());
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('each function has its own environment and module state, kept between invocations (a warm sandbox)', async () => {
    expect(await host.invoke('Reserve', {})).toEqual({ calls: 1, table: 'orders', name: 'Reserve-fn', region: expect.any(String) });
    expect(await host.invoke('arn:aws:lambda:us-east-1:000000000000:function:Reserve-fn:$LATEST', {})).toMatchObject({ calls: 2 });
    expect(await host.invoke('Charge-fn', {})).toMatchObject({ calls: 1, table: 'payments' });
  });

  test('concurrent invocations run in separate environments; a later one reuses a warm environment', async () => {
    await host.warmUp();
    const [a, b] = await Promise.all([host.invoke('Reserve', {}), host.invoke('Reserve', {})]);
    // Each environment has its own module state: both counted their first call.
    expect([a, b]).toEqual([expect.objectContaining({ calls: 1 }), expect.objectContaining({ calls: 1 })]);
    await expect(host.invoke('Reserve', {})).resolves.toMatchObject({ calls: 2 });
  });

  test("a handler's error keeps its name as errorType and its payload as the cause", async () => {
    const error = await host.invoke('Reserve', { fail: true, sku: 'SKU-1' }).catch((e: Error & { cause: string }) => e);
    expect(error).toMatchObject({ name: 'OutOfStock', message: 'no stock for SKU-1' });
    expect(JSON.parse((error as { cause: string }).cause)).toMatchObject({ errorType: 'OutOfStock', errorMessage: 'no stock for SKU-1', trace: expect.any(Array) });
  });

  test('a function that runs past its timeout is stopped, reported as Lambda does, and the next call gets a fresh sandbox', async () => {
    await expect(host.invoke('Reserve', {})).resolves.toMatchObject({ calls: 1 });
    await expect(host.invoke('Reserve', { hang: true })).rejects.toMatchObject({ name: 'Sandbox.Timedout', message: expect.stringMatching(/^RequestId: \S+ Error: Task timed out after 2\.00 seconds$/) });
    // A fresh sandbox: module state starts over.
    await expect(host.invoke('Reserve', {})).resolves.toMatchObject({ calls: 1 });
  });

  test('faults are injected at the invoke layer, one per invocation, without touching the handler', async () => {
    host.injectFaults('Charge', { kind: 'throttle' }, { kind: 'service-error', name: 'ServiceException' }, { kind: 'timeout' });
    await expect(host.invoke('Charge-fn', {})).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    await expect(host.invoke('Charge-fn', {})).rejects.toMatchObject({ name: 'ServiceException' });
    await expect(host.invoke('Charge-fn', {})).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    // Faults never reached the handler: this is its first real invocation.
    await expect(host.invoke('Charge-fn', {})).resolves.toMatchObject({ calls: 1 });
  });

  describe('faults after the handler ran, and deliveries nobody waits for', () => {
    const log = path.join(dir, 'writes.log');
    const writes = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);
    beforeEach(() => fs.rmSync(log, { force: true }));

    test('service-error-after-commit and crash: the handler ran (its write landed), yet the caller gets an error', async () => {
      host.injectFaults('Charge', { kind: 'service-error-after-commit' }, { kind: 'crash' });
      await expect(host.invoke('Charge', { log, id: 1 })).rejects.toMatchObject({ name: 'ServiceException' });
      const crash = await host.invoke('Charge', { log, id: 2 }).catch((e: Error & { cause: string }) => e);
      expect(crash).toMatchObject({ name: 'Runtime.ExitError', message: expect.stringMatching(/^RequestId: \S+ Error: Runtime exited with error: exit status 1$/) });
      expect(JSON.parse((crash as { cause: string }).cause)).toEqual({ errorType: 'Runtime.ExitError', errorMessage: (crash as Error).message });
      expect(writes().map((w) => w.id)).toEqual([1, 2]);
    });

    test('hang-after-commit: the write lands at once, the answer never comes, Sandbox.Timedout at the function timeout', async () => {
      host.injectFaults('Charge', { kind: 'hang-after-commit' });
      const answer = host.invoke('Charge', { log, id: 'hung' }).catch((e: Error) => e);
      await host.idle();
      expect(await answer).toMatchObject({ name: 'Sandbox.Timedout' });
      expect(writes().map((w) => w.id)).toEqual(['hung']);
    });

    test('late: the handler starts after a delay inside its timeout, so a caller that gave up sees the write land afterwards; idle() waits for it', async () => {
      // timeout 2 s × 0.05 = 100 ms; the handler starts 1 s × 0.05 = 50 ms late
      host.injectFaults('Charge', { kind: 'late', delaySeconds: 1 });
      const gaveUpAt = Date.now();
      void host.invoke('Charge', { log, id: 'late' }).catch(() => undefined);
      expect(host.running).toBeGreaterThan(0);
      expect(writes()).toEqual([]);
      await host.idle();
      expect(host.running).toBe(0);
      const [write] = writes();
      expect(write.id).toBe('late');
      expect(write.at - gaveUpAt).toBeGreaterThanOrEqual(45);
    });

    test('a late start past the function timeout never runs the handler: Sandbox.Timedout, nothing written', async () => {
      host.injectFaults('Charge', { kind: 'late', delaySeconds: 3 });
      await expect(host.invoke('Charge', { log, id: 'too-late' })).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
      await host.idle();
      expect(writes()).toEqual([]);
    });

    test('duplicate delivery, one after the other: the caller gets the first answer, the second runs unobserved', async () => {
      host.injectFaults('Charge', { kind: 'duplicate' });
      await expect(host.invoke('Charge', { log, id: 'twice' })).resolves.toMatchObject({ calls: 1 });
      await host.idle();
      expect(writes().map((w) => w.id)).toEqual(['twice', 'twice']);
      await expect(host.invoke('Charge', {})).resolves.toMatchObject({ calls: 3 });
    });

    test('duplicate delivery, overlapping: two environments run the same event at once', async () => {
      await host.warmUp();
      host.injectFaults('Charge', { kind: 'duplicate', overlapping: true });
      await expect(host.invoke('Charge', { log, id: 'both' })).resolves.toMatchObject({ calls: 1 });
      await host.idle();
      expect(writes().map((w) => w.id)).toEqual(['both', 'both']);
    });

    test('past the concurrency limit an invocation is throttled, as an account is', async () => {
      const limited = new LambdaHost([spec('Reserve', {})], { timeScale: 0.05, concurrencyLimit: 1 });
      try {
        const first = limited.invoke('Reserve', { log, id: 'in' });
        await expect(limited.invoke('Reserve', { log, id: 'out' })).rejects.toMatchObject({ name: 'TooManyRequestsException' });
        await first;
        await expect(limited.invoke('Reserve', { log, id: 'after' })).resolves.toBeDefined();
        expect(writes().map((w) => w.id)).toEqual(['in', 'after']);
      } finally {
        await limited.stop();
      }
    });
  });

  test('an unknown function is ResourceNotFoundException naming the ones that exist', async () => {
    await expect(host.invoke('Nope', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: expect.stringContaining('Reserve-fn, Charge-fn') });
    expect(() => host.injectFaults('Nope', { kind: 'throttle' })).toThrow(/Function not found: Nope/);
  });
});
