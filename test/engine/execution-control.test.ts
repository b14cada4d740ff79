// The run interface: abort through an AbortSignal, concurrent executions of one machine, the live
// onEvent callback, and inputs left untouched.
import { machine, types } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const task = { StartAt: 'T', States: { T: { Type: 'Task', Resource: FN, ResultPath: '$.r', End: true } } };

describe('abort', () => {
  test('aborting while a task runs ends the execution ABORTED with ExecutionAborted last', async () => {
    const controller = new AbortController();
    const { sm } = machine(task, { f: () => { controller.abort(); return new Promise(() => undefined); } });
    const execution = await sm.start({}, { signal: controller.signal });
    expect(execution.status).toBe('ABORTED');
    expect(execution.output).toBeUndefined();
    expect(execution.history[execution.history.length - 1].type).toBe('ExecutionAborted');
    expect(types(execution.history).slice(0, 2)).toEqual(['ExecutionStarted', 'TaskStateEntered']);
  });

  test('aborting during a long Wait ends ABORTED', async () => {
    const controller = new AbortController();
    const definition = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } };
    const { sm } = machine(definition, {}, { timeScale: 1 });
    const pending = sm.start({}, { signal: controller.signal, onEvent: (event) => { if (event.type === 'WaitStateEntered') controller.abort(); } });
    expect((await pending).status).toBe('ABORTED');
  });

  test('an already aborted signal never runs a state', async () => {
    const { sm, calls } = machine(task, { f: () => 'x' });
    const execution = await sm.start({}, { signal: AbortSignal.abort() });
    expect(execution.status).toBe('ABORTED');
    expect(calls).toHaveLength(0);
  });
});

describe('concurrent executions of one machine', () => {
  test('run independently, each with its own output and history', async () => {
    const { sm } = machine(task, {
      f: async (payload) => {
        await new Promise((resolve) => setImmediate(resolve));
        return (payload as { n: number }).n * 2;
      },
    });
    const executions = await Promise.all(Array.from({ length: 25 }, (_, n) => sm.start({ n }, { name: `run-${n}` })));
    executions.forEach((execution, n) => {
      expect(execution.status).toBe('SUCCEEDED');
      expect(execution.output).toEqual({ n, r: n * 2 });
      expect(execution.history[0].id).toBe(1);
      expect(JSON.parse(execution.history[0].executionStartedEventDetails?.input as string)).toEqual({ n });
      expect(execution.history).toHaveLength(7);
    });
  });
});

describe('onEvent', () => {
  test('is called live, in order, with the same events the history holds', async () => {
    const seen: { type?: string; id?: number }[] = [];
    let seenWhenHandlerRan: string[] = [];
    const { sm } = machine(task, { f: () => { seenWhenHandlerRan = seen.map((e) => e.type as string); return 1; } });
    const execution = await sm.start({}, { onEvent: (event) => seen.push({ type: event.type, id: event.id }) });
    expect(seen).toEqual(execution.history.map((e) => ({ type: e.type, id: e.id })));
    expect(seenWhenHandlerRan).toEqual(['ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted']);
  });
});

describe('inputs', () => {
  test('the caller\'s input object is not mutated', async () => {
    const input = { a: { b: 1 } };
    const definition = { StartAt: 'P', States: { P: { Type: 'Pass', Result: 2, ResultPath: '$.a.c', End: true } } };
    const execution = await machine(definition).sm.start(input);
    expect(execution.output).toEqual({ a: { b: 1, c: 2 } });
    expect(input).toEqual({ a: { b: 1 } });
  });

  test('one machine runs many executions in turn with the same result', async () => {
    const { sm } = machine({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'v.$': '$.v' }, End: true } } });
    for (let v = 0; v < 5; v++) expect((await sm.start({ v })).output).toEqual({ v });
  });
});
