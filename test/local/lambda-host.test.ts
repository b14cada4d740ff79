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
    await expect(host.invoke('Reserve', { hang: true })).rejects.toMatchObject({ name: 'Sandbox.Timedout', message: 'Task timed out after 2.00 seconds' });
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

  test('an unknown function is ResourceNotFoundException naming the ones that exist', async () => {
    await expect(host.invoke('Nope', {})).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: expect.stringContaining('Reserve-fn, Charge-fn') });
    expect(() => host.injectFaults('Nope', { kind: 'throttle' })).toThrow(/Function not found: Nope/);
  });
});
