// Emulator.stop() ends what runs, instead of waiting for it: each running execution is aborted as
// StopExecution aborts one, invocations in flight lose their workers, requests a fault holds back
// end, and no timer is left to keep the process alive (issue 10: jest finished but never exited).
// Everything here would otherwise run for minutes; each test's own timeout is far shorter.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StateMachine, type ExecutionResult, type HistoryEvent } from '../../local/engine';
import { startEmulator, type Emulator } from '../../local/emulator';
import { handlerFunctionIds, keptAssemblyDir, synthesizeOrderSaga, type SynthesizedStack } from '../../local/emulator/assembly';
import { LocalEventBus } from '../../local/emulator/event-bus';
import { LambdaHost, type FunctionSpec } from '../../local/emulator/lambda-host';
import { ServiceFaults } from '../../local/emulator/service-faults';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
const example = (name: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, name), 'utf8'));

// What the emulator's stop reports (as literals: a test of the old code must fail on behaviour, not on a missing export).
const STOPPED = { error: 'Emulator.Stopped', cause: expect.stringMatching(/emulator stopped/i) };
const last = (execution: ExecutionResult) => execution.history[execution.history.length - 1];
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('the engine, aborted with StopExecution details', () => {
  test('reports the abort reason as the ExecutionAborted error and cause, and records nothing after it', async () => {
    let answer!: (value: unknown) => void;
    const called = deferred();
    const machine = new StateMachine(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', Next: 'W' }, W: { Type: 'Wait', Seconds: 3600, End: true } } },
      { invokeFunction: () => new Promise((resolve) => ((answer = resolve), called.resolve())) },
    );
    const abort = new AbortController();
    const running = machine.start({}, { signal: abort.signal });
    await called.promise;
    abort.abort({ error: 'Operator.Stop', cause: 'stopped by hand' });
    const execution = await running;
    expect(execution).toMatchObject({ status: 'ABORTED', error: 'Operator.Stop', cause: 'stopped by hand' });
    // The invocation answers after the abort: the execution it belonged to has ended, and records nothing.
    answer('late');
    await new Promise((resolve) => setImmediate(resolve));
    expect(last(execution)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: { error: 'Operator.Stop', cause: 'stopped by hand' } });
  });
});

describe('the Lambda host', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-host-stop-'));
  const started = path.join(dir, 'started.log');
  fs.writeFileSync(
    path.join(dir, 'slow.mjs'),
    `import fs from 'node:fs';
     export const handler = async (event, context) => {
       fs.appendFileSync(${JSON.stringify(started)}, 'x');
       if (event.hang) await new Promise((r) => setTimeout(r, context.getRemainingTimeInMillis() + 1000));
       return 'done';
     };`,
  );
  // Real time, a 60 s timeout: whatever the host waits for here would take a minute.
  const spec: FunctionSpec = { logicalId: 'Slow', functionName: 'slow-fn', entry: path.join(dir, 'slow.mjs'), exportName: 'handler', environment: {}, timeoutSeconds: 60, memoryMb: 128 };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('stop() ends every invocation in flight at once, held-back faults and unobserved deliveries included, and refuses later ones', async () => {
    const host = new LambdaHost([spec], { timeScale: 1 });
    await host.warmUp(4);
    host.injectFaults('Slow', { kind: 'timeout' }, { kind: 'late', delaySeconds: 50 }, { kind: 'hang-after-commit' }, { kind: 'duplicate' });
    const outcome = (promise: Promise<unknown>) => promise.then((value) => ({ value }), (error: Error) => ({ error: error.name, message: error.message }));
    const invocations = [
      host.invoke('Slow', {}), // hangs until the function's timeout
      host.invoke('Slow', {}), // starts 50 s late
      host.invoke('Slow', {}), // answers, then hangs
      host.invoke('Slow', { hang: true }), // a duplicate delivery: the first one hangs, the second would follow it
      host.invoke('Slow', { hang: true }), // the handler itself runs past every wait
    ].map(outcome);
    // Both hanging handlers and the one that hangs after committing have started.
    while (!fs.existsSync(started) || fs.readFileSync(started, 'utf8').length < 3) await new Promise((resolve) => setTimeout(resolve, 20));

    await host.stop();
    const stopped = { name: 'Lambda.ServiceException', message: 'the local emulator stopped' };
    const failed = { error: stopped.name, message: stopped.message };
    expect(await Promise.all(invocations)).toEqual([failed, failed, failed, failed, failed]);
    expect(host.running).toBe(0);
    // Nothing ran after the stop: no second delivery of the duplicate, no late start.
    expect(fs.readFileSync(started, 'utf8')).toBe('xxx');
    await expect(host.invoke('Slow', {})).rejects.toMatchObject(stopped);
    await expect(host.stop()).resolves.toBeUndefined();
  });
});

describe('service faults', () => {
  test('stop() ends a request a fault holds back, which never reaches the service', async () => {
    const bus = new LocalEventBus([], () => undefined, { account: '000000000000', region: 'us-east-1', defaultBusName: 'default' });
    const client = new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const faults = new ServiceFaults(bus, client, 1);
    faults.inject({ putEvents: 'Probe' }, { kind: 'late', delaySeconds: 3600 });
    const held = bus.putEvents([{ Source: 'test', DetailType: 'Probe', Detail: '{}' }]);
    await faults.stop();
    await expect(held).rejects.toMatchObject({ name: 'EmulatorStoppedError' });
    expect(bus.events).toEqual([]);
    client.destroy();
  });
});

describe('the emulator', () => {
  let synthesized: SynthesizedStack;
  beforeAll(() => {
    synthesized = synthesizeOrderSaga(keptAssemblyDir('emulator-stop'));
  }, 180_000);

  describe('stop() in the middle of a run', () => {
    let emulator: Emulator;
    let polls: Promise<ExecutionResult>;
    let fromEvent: Promise<ExecutionResult>;
    const polled: HistoryEvent[] = [];

    beforeAll(async () => {
      // Real time: WaitForSettlement lasts 10 s, and never-settled.json checks five times.
      emulator = await startEmulator({ synthesized, timeScale: 1 });
      const inWait = deferred();
      polls = emulator.startExecution(example('never-settled.json'), {
        name: 'polls',
        onEvent: (event) => {
          polled.push(event);
          if (event.type === 'WaitStateEntered') inWait.resolve();
        },
      });
      await inWait.promise;
      // An execution started by an event, whose first step hangs until the function's timeout.
      emulator.injectFaults(handlerFunctionIds(synthesized.template).get('validateOrder')!, { kind: 'timeout' });
      await emulator.putEvents(example('order-placed-event.json').map(({ EventBusName: _, ...entry }: Record<string, unknown>) => entry));
      fromEvent = emulator.executionsFromEvents[0];
      while (emulator.lambda.running === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await emulator.stop();
    }, 120_000);

    test('each running execution ends ABORTED, with an ExecutionAborted event saying the emulator stopped', async () => {
      for (const execution of [await polls, await fromEvent]) {
        expect(execution).toMatchObject({ status: 'ABORTED', ...STOPPED });
        expect(last(execution)).toMatchObject({ type: 'ExecutionAborted', executionAbortedEventDetails: STOPPED });
      }
    });

    test('the polling execution was stopped in its first wait: no check ran, nothing was recorded after the abort', async () => {
      const execution = await polls;
      const types = execution.history.map((event) => event.type);
      expect(types.filter((type) => type === 'WaitStateEntered')).toHaveLength(1);
      expect(types.slice(-2)).toEqual(['WaitStateEntered', 'ExecutionAborted']);
      // Time for a wait to end (scaled to nothing here, as nothing runs): still nothing new.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(polled.map((event) => event.type)).toEqual(types);
    });

    test('the hung invocation ended with it: nothing runs, settle() has nothing to wait for', async () => {
      expect(emulator.lambda.running).toBe(0);
      await expect(emulator.settle()).resolves.toBeUndefined();
    });

    test('stop() again resolves; starting anything afterwards fails with EmulatorStoppedError', async () => {
      await expect(emulator.stop()).resolves.toBeUndefined();
      await expect(emulator.startExecution(example('happy.json'))).rejects.toMatchObject({ name: 'EmulatorStoppedError' });
      await expect(emulator.putEvents([{ Source: 'x', DetailType: 'y', Detail: '{}' }])).rejects.toMatchObject({ name: 'EmulatorStoppedError' });
      await expect(emulator.reset()).rejects.toMatchObject({ name: 'EmulatorStoppedError' });
    });
  });

  test('stop() called twice while executions are starting: both calls resolve, every execution ends ABORTED', async () => {
    const emulator = await startEmulator({ synthesized, timeScale: 1 });
    const executions = [emulator.startExecution(example('never-settled.json')), emulator.startExecution(example('happy.json'))];
    await Promise.all([emulator.stop(), emulator.stop()]);
    for (const execution of await Promise.all(executions)) {
      expect(execution).toMatchObject({ status: 'ABORTED', ...STOPPED });
      expect(last(execution).type).toBe('ExecutionAborted');
    }
  }, 60_000);

  test('nothing keeps the process alive after stop(): a script that stops mid-run exits on its own', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-stop-'));
    const synthesizedFile = path.join(work, 'synthesized.json');
    fs.writeFileSync(synthesizedFile, JSON.stringify(synthesized));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'emulator-stop-child.ts'), synthesizedFile, path.join(EXAMPLES, 'never-settled.json')],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The work it stops would take minutes (five 10 s waits, a 15 s hang, an hour's delay): an
    // exit within this bound is the script ending by itself, not its work finishing.
    const exited = await new Promise<{ code: number | null } | 'still running'>((resolve) => {
      const timer = setTimeout(() => resolve('still running'), 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve({ code });
      });
    });
    if (exited === 'still running') child.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
    // (stderr shown only when it did not exit cleanly: the AWS SDK warns about Node 20 there.)
    const clean = exited !== 'still running' && exited.code === 0;
    expect({ exited, stderr: clean ? '' : stderr }).toEqual({ exited: { code: 0 }, stderr: '' });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({
      statuses: ['ABORTED', 'ABORTED'],
      lastEvents: ['ExecutionAborted', 'ExecutionAborted'],
      held: 'EmulatorStoppedError',
      running: 0,
    });
  }, 90_000);
});
