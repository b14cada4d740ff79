/**
 * The coverage computation itself, on a small definition with every kind of transition (Next, two
 * Choice rules with one target, Default, Catch, Retry, a Parallel), from histories the local engine
 * records. Expected counts are written from the definition by hand.
 */
import { StateMachine } from '../../local/engine';
import { formatCoverage, TransitionCoverage } from '../../local/coverage';

const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: 'work', Payload: '{% $states.input %}' },
      Output: '{% $states.result.Payload %}',
      Retry: [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
      Next: 'Route',
    },
    Route: {
      Type: 'Choice',
      // Two rules, one target: only re-evaluating the conditions tells which one matched.
      Choices: [
        { Condition: '{% $states.input.kind = "a" %}', Next: 'Done', Assign: { why: 'a' } },
        { Condition: '{% $states.input.kind = "b" %}', Next: 'Done', Assign: { why: 'b' } },
      ],
      Default: 'Fan',
    },
    Fan: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
    Failed: { Type: 'Fail', Error: 'Failed' },
  },
};

/** The function fails as its input says: `fail` always, `transient` on its first call only. */
function machine(): StateMachine {
  const seen = new Set<string>();
  return new StateMachine(definition, {
    timeScale: 0,
    invokeFunction: async (_name, payload) => {
      const input = payload as { kind: string; fail?: string; transient?: boolean };
      const error = (name: string) => Object.assign(new Error(`${name} (test)`), { name });
      if (input.fail) throw error(input.fail);
      if (input.transient && !seen.has(input.kind)) {
        seen.add(input.kind);
        throw error('Transient');
      }
      return input;
    },
  });
}

test('a single execution covers its own path, and the first of two Choice rules with one target is told apart', async () => {
  const coverage = new TransitionCoverage(definition);
  const execution = await machine().start({ kind: 'a' });
  expect(execution.status).toBe('SUCCEEDED');
  await coverage.record(execution.history);

  const report = coverage.report();
  expect(report.summary).toBe('transitions 2/7, states 3/7');
  expect(report.states.missing).toEqual(['Fan', 'Left', 'Right', 'Failed']);
  expect(report.transitions.missing.map((t) => t.id)).toEqual([
    'Work Catch[0] [States.ALL] → Failed',
    'Work Retry[0] [Transient]',
    'Route Choices[1] → Done',
    'Route Default → Fan',
    'Fan → Done',
  ]);
  expect(report.undistinguished).toEqual([]);
  expect(formatCoverage(report)).toContain('never taken (Retry): Work Retry[0] [Transient]');
});

test('executions down every path cover every state and transition, a fired Retry and a Catch included', async () => {
  const coverage = new TransitionCoverage(definition);
  const runs = [{ kind: 'a' }, { kind: 'b', transient: true }, { kind: 'c' }, { kind: 'd', fail: 'Boom' }];
  const statuses: string[] = [];
  for (const input of runs) {
    const execution = await machine().start(input);
    statuses.push(execution.status);
    await coverage.record(execution.history);
  }
  expect(statuses).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED']);

  const report = coverage.report();
  expect(report.summary).toBe('transitions 7/7, states 7/7');
  expect(report.transitions.missing).toEqual([]);
  expect(report.unexplained).toEqual([]);
});

test('an error the Retry rule does not match is not counted as a retry', async () => {
  const coverage = new TransitionCoverage(definition);
  const execution = await machine().start({ kind: 'a', fail: 'Boom' });
  await coverage.record(execution.history);
  const missing = coverage.report().transitions.missing.map((t) => t.id);
  expect(missing).toContain('Work Retry[0] [Transient]');
  expect(missing).not.toContain('Work Catch[0] [States.ALL] → Failed');
});
