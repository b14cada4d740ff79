// EngineOptions.mockTask: a Task's call answered by state name and invocation (what Step Functions
// Local's mocked service integrations need). The history is the one a real call writes; the
// invocation counts every call of the state in the execution, retries included.
import { StateMachine, type MockedTaskResponse } from '../../local/engine';
import { lambdas, parse, types } from './support';

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:work';

function mocked(definition: object, answers: Record<string, MockedTaskResponse[]>, handlers = {}) {
  const asked: [string, number][] = [];
  const { invokeFunction, calls } = lambdas(handlers);
  const sm = new StateMachine(definition, {
    invokeFunction,
    timeScale: 0,
    mockTask: (stateName, invocation) => {
      asked.push([stateName, invocation]);
      return answers[stateName]?.[invocation];
    },
  });
  return { sm, asked, calls };
}

describe('mockTask', () => {
  test('JSONPath: a thrown answer is retried, the next invocation’s answer is the result', async () => {
    const { sm, asked, calls } = mocked(
      {
        StartAt: 'Call',
        States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: FN }, Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1 }], ResultSelector: { 'v.$': '$.Payload' }, End: true } },
      },
      { Call: [{ error: 'Busy', cause: 'try later' }, { result: { Payload: 42, StatusCode: 200 } }] },
    );
    const execution = await sm.start({});
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toEqual({ v: 42 });
    expect(asked).toEqual([['Call', 0], ['Call', 1]]);
    expect(calls).toEqual([]);
    expect(types(execution.history)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskFailed',
      'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded',
    ]);
    expect(execution.history[4].taskFailedEventDetails).toMatchObject({ error: 'Busy', cause: 'try later' });
  });

  test('JSONata: a state the mock does not answer makes its real call', async () => {
    const { sm, calls } = mocked(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Mocked',
        States: {
          Mocked: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: FN }, Output: '{% $states.result.Payload %}', Next: 'Real' },
          Real: { Type: 'Task', Resource: FN, Arguments: '{% {"got": $states.input} %}', End: true },
        },
      },
      { Mocked: [{ result: { Payload: 'from the mock' } }] },
      { work: (p: unknown) => p },
    );
    const execution = await sm.start({});
    expect(execution.output).toEqual({ got: 'from the mock' });
    expect(calls).toEqual([{ fn: FN, payload: { got: 'from the mock' } }]);
  });

  test('a resource the engine cannot call runs when mocked, with AWS’s resource names in the history', async () => {
    const { sm } = mocked(
      { StartAt: 'Get', States: { Get: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', Parameters: { Bucket: 'b', Key: 'k' }, End: true } } },
      { Get: [{ result: { ContentLength: 3 } }] },
    );
    const execution = await sm.start({});
    expect(execution.output).toEqual({ ContentLength: 3 });
    expect(execution.history[2].taskScheduledEventDetails).toMatchObject({ resourceType: 'aws-sdk:s3', resource: 'getObject' });
    expect(parse(execution.history[2].taskScheduledEventDetails?.parameters)).toEqual({ Bucket: 'b', Key: 'k' });
  });

  test('without a mocked answer such a resource still fails with States.Runtime', async () => {
    const { sm } = mocked({ StartAt: 'Get', States: { Get: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:getObject', End: true } } }, {});
    const execution = await sm.start({});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
  });

  test('invocations count per state across revisits and Map iterations', async () => {
    const { sm, asked } = mocked(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: FN, End: true } } },
            End: true,
          },
        },
      },
      { Work: [{ result: 'a' }, { result: 'b' }, { result: 'c' }] },
    );
    const execution = await sm.start([1, 2, 3]);
    expect(execution.output).toEqual(['a', 'b', 'c']);
    expect(asked).toEqual([['Work', 0], ['Work', 1], ['Work', 2]]);
  });
});
