// Execution history, per the Step Functions API reference (GetExecutionHistory, HistoryEvent and
// its *EventDetails types): ids count from 1, previousEventId points at the event before it, and
// inputs/outputs are JSON text.
import { expectLinearChain, failure, parse, run, types } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('history of a JSONPath execution', () => {
  const definition = {
    StartAt: 'Prepare',
    States: {
      Prepare: { Type: 'Pass', Result: 'p', ResultPath: '$.prepared', Next: 'Work' },
      Work: { Type: 'Task', Resource: FN, ResultPath: '$.work', Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  };

  test('each event has its type, details and chain', async () => {
    const execution = await run(definition, { id: 1 }, { f: () => ({ ok: true }) });
    const h = execution.history;
    expect(types(h)).toEqual([
      'ExecutionStarted',
      'PassStateEntered', 'PassStateExited',
      'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionSucceeded', 'TaskStateExited',
      'SucceedStateEntered', 'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expectLinearChain(h);

    expect(parse(h[0].executionStartedEventDetails?.input)).toEqual({ id: 1 });
    expect(h[0].executionStartedEventDetails?.inputDetails).toEqual({ truncated: false });

    expect(h[1].stateEnteredEventDetails?.name).toBe('Prepare');
    expect(parse(h[1].stateEnteredEventDetails?.input)).toEqual({ id: 1 });
    expect(h[2].stateExitedEventDetails?.name).toBe('Prepare');
    expect(parse(h[2].stateExitedEventDetails?.output)).toEqual({ id: 1, prepared: 'p' });

    expect(h[3].stateEnteredEventDetails?.name).toBe('Work');
    expect(h[4].lambdaFunctionScheduledEventDetails?.resource).toBe(FN);
    expect(parse(h[4].lambdaFunctionScheduledEventDetails?.input)).toEqual({ id: 1, prepared: 'p' });
    expect(parse(h[6].lambdaFunctionSucceededEventDetails?.output)).toEqual({ ok: true });
    expect(parse(h[7].stateExitedEventDetails?.output)).toEqual({ id: 1, prepared: 'p', work: { ok: true } });

    expect(h[8].stateEnteredEventDetails?.name).toBe('Done');
    expect(h[9].stateExitedEventDetails?.name).toBe('Done');

    const succeeded = h[10].executionSucceededEventDetails;
    expect(typeof succeeded?.output).toBe('string');
    expect(parse(succeeded?.output)).toEqual({ id: 1, prepared: 'p', work: { ok: true } });
    expect(succeeded?.outputDetails).toEqual({ truncated: false });
  });

  test('timestamps never go backwards', async () => {
    const { history } = await run(definition, {}, { f: () => 1 });
    for (let i = 1; i < history.length; i++) expect((history[i].timestamp as Date).getTime()).toBeGreaterThanOrEqual((history[i - 1].timestamp as Date).getTime());
  });

  test('a failed execution ends with ExecutionFailed carrying error and cause', async () => {
    const execution = await run(definition, {}, { f: () => { throw failure('Boom', 'bang'); } });
    const h = execution.history;
    expect(types(h)).toEqual([
      'ExecutionStarted', 'PassStateEntered', 'PassStateExited',
      'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionFailed', 'ExecutionFailed',
    ]);
    expectLinearChain(h);
    expect(h[7].executionFailedEventDetails).toEqual({ error: 'Boom', cause: execution.cause });
  });

  test('a caught error: the task state still exits, then the catcher state is entered', async () => {
    const caught = {
      StartAt: 'Work',
      States: {
        Work: { Type: 'Task', Resource: FN, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }], End: true },
        Handle: { Type: 'Pass', End: true },
      },
    };
    const execution = await run(caught, {}, { f: () => { throw failure('Boom'); } });
    expect(types(execution.history)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'LambdaFunctionScheduled', 'LambdaFunctionStarted', 'LambdaFunctionFailed',
      'TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded',
    ]);
    expectLinearChain(execution.history);
  });

  test('a Choice records entered/exited with its input passed through', async () => {
    const choice = {
      StartAt: 'C',
      States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'S' }] }, S: { Type: 'Succeed' } },
    };
    const execution = await run(choice, { n: 1 });
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'ChoiceStateEntered', 'ChoiceStateExited', 'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded']);
    expect(execution.history[2].stateExitedEventDetails).toMatchObject({ name: 'C' });
    expect(parse(execution.history[2].stateExitedEventDetails?.output)).toEqual({ n: 1 });
  });
});

describe('history of a JSONata execution', () => {
  test('same event types; state events carry the JSONata-processed input and output', async () => {
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Output: { v: '{% $states.input.v + 1 %}' }, Next: 'T' },
        T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: FN, Payload: { v: '{% $states.input.v %}' } }, Output: '{% $states.result.Payload %}', End: true },
      },
    };
    const execution = await run(definition, { v: 1 }, { f: (p) => p });
    const h = execution.history;
    expect(types(h)).toEqual([
      'ExecutionStarted', 'PassStateEntered', 'PassStateExited',
      'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
    expectLinearChain(h);
    expect(parse(h[2].stateExitedEventDetails?.output)).toEqual({ v: 2 });
    expect(parse(h[4].taskScheduledEventDetails?.parameters)).toEqual({ FunctionName: FN, Payload: { v: 2 } });
    expect(parse(h[7].stateExitedEventDetails?.output)).toEqual({ v: 2 });
    expect(parse(h[8].executionSucceededEventDetails?.output)).toEqual({ v: 2 });
  });
});

describe('history of failures while evaluating a state', () => {
  test('a JSONata expression that fails records EvaluationFailed, then ExecutionFailed', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'S', States: { S: { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true } } };
    const execution = await run(definition, {});
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    expectLinearChain(execution.history);
    expect(execution.history[2].evaluationFailedEventDetails).toMatchObject({ error: 'States.QueryEvaluationError', state: 'S' });
    expect(execution.cause).toContain("'S' (entered at the event id #2)");
    expect(execution.history[3].executionFailedEventDetails).toMatchObject({ error: 'States.QueryEvaluationError', cause: execution.cause });
  });

  test('a JSONPath path failure goes straight to ExecutionFailed with States.Runtime', async () => {
    const definition = { StartAt: 'S', States: { S: { Type: 'Pass', Parameters: { 'v.$': '$.missing' }, End: true } } };
    const execution = await run(definition, {});
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
    expect(execution.history[2].executionFailedEventDetails?.error).toBe('States.Runtime');
    expect(execution.cause).toContain("'S' (entered at the event id #2)");
  });

  test('a failing Parallel branch: the branch Fail, ParallelStateFailed, ExecutionFailed', async () => {
    const definition = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'FailureType' } } }], End: true } } };
    const execution = await run(definition, {});
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted', 'FailStateEntered', 'ParallelStateFailed', 'ExecutionFailed']);
    expect(execution.history[5].executionFailedEventDetails).toMatchObject({ error: 'FailureType' });
  });

  test('a failing Map iteration: MapIterationFailed, MapStateFailed, ExecutionFailed', async () => {
    const definition = {
      StartAt: 'M',
      States: { M: { Type: 'Map', MaxConcurrency: 1, ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'ItemError', Cause: 'bad item' } } }, End: true } },
    };
    const execution = await run(definition, [1]);
    expect(types(execution.history)).toEqual([
      'ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapIterationStarted', 'FailStateEntered', 'MapIterationFailed', 'MapStateFailed', 'ExecutionFailed',
    ]);
    expect(execution.history[5].mapIterationFailedEventDetails).toMatchObject({ name: 'M', index: 0 });
    expect([execution.error, execution.cause]).toEqual(['ItemError', 'bad item']);
  });

  test('failing is not passing: nothing after ExecutionFailed, no output', async () => {
    const execution = await run({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E' } } }, {});
    expect(execution.history[execution.history.length - 1].type).toBe('ExecutionFailed');
    expect(execution.output).toBeUndefined();
  });
});
