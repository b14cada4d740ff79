/**
 * Shared by the graph tests: every state name of a definition (nested ones too), found by walking
 * the ASL independently of the code under test, and the checks every laid-out graph must pass.
 */
import { layoutQuality, type WorkflowLayout } from '../../local/console/graph';

export function allStateNames(scope: { States?: Record<string, any> }): string[] {
  return Object.entries(scope.States ?? {}).flatMap(([name, state]) => [
    name,
    ...(state.Branches ?? []).flatMap(allStateNames),
    ...(state.ItemProcessor ? allStateNames(state.ItemProcessor) : []),
    ...(state.Iterator ? allStateNames(state.Iterator) : []),
  ]);
}

/** The `data-state` values of an SVG, decoded, in document order. */
export function dataStates(svg: string): string[] {
  return [...svg.matchAll(/<g class="state" data-state="([^"]*)"/g)].map((m) =>
    m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
  );
}

export function expectReadable(layout: WorkflowLayout): void {
  const quality = layoutQuality(layout);
  expect({ overlaps: quality.overlaps, uncontained: quality.uncontained, detachedEdges: quality.detachedEdges }).toEqual({
    overlaps: 0,
    uncontained: 0,
    detachedEdges: 0,
  });
}

/** Two minimal small definitions the saga does not have: a Parallel inside a Map, a Choice loop. */
export const PARALLEL_IN_MAP = {
  QueryLanguage: 'JSONPath',
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'A', States: { A: { Type: 'Task', Resource: 'arn:a', End: true } } },
              { StartAt: 'B', States: { B: { Type: 'Wait', Seconds: 1, Next: 'B2' }, B2: { Type: 'Task', Resource: 'arn:b', End: true } } },
            ],
            Next: 'Check',
          },
          Check: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Ok' }], Default: 'Bad' },
          Ok: { Type: 'Succeed' },
          Bad: { Type: 'Fail', Error: 'Bad' },
        },
      },
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
      End: true,
    },
    Failed: { Type: 'Fail' },
  },
};

export const CHOICE_LOOP = {
  QueryLanguage: 'JSONata',
  StartAt: 'Poll',
  States: {
    Poll: { Type: 'Task', Resource: 'arn:poll', Next: 'Done?', Catch: [{ ErrorEquals: ['Timeout', 'Gone'], Next: 'GiveUp' }] },
    'Done?': {
      Type: 'Choice',
      Choices: [
        { Condition: '{% $states.input.status = "DONE" %}', Next: 'Finished' },
        { Condition: '{% $states.input.tries < 3 %}', Next: 'Pause', Comment: 'not yet, tries left' },
      ],
      Default: 'GiveUp',
    },
    Pause: { Type: 'Wait', Seconds: 5, Next: 'Poll' },
    Finished: { Type: 'Succeed' },
    GiveUp: { Type: 'Fail', Error: 'NeverDone' },
  },
};
