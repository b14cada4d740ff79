import * as fs from 'node:fs';
import * as path from 'node:path';
import { currentBlock, FlowDefinition, readmeBlock, replaceBlock, toMermaid } from '../../scripts/mermaid';
import { renderDefinition } from '../support/render-definition';
import { PROJECT_ROOT, synthesizeOrderSaga } from '../support/synth';

test("README's workflow diagram is the one the synthesized definition draws (run `npm run diagram` if not)", () => {
  const expected = readmeBlock(toMermaid(renderDefinition(synthesizeOrderSaga().template)));
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  expect(currentBlock(readme)).toBe(expected);
}, 120_000);

describe('toMermaid', () => {
  // A small definition exercising every kind of edge and node; the expected chart is written by hand.
  const definition: FlowDefinition = {
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Task',
        Next: 'Ok?',
        Catch: [{ ErrorEquals: ['Bad', 'Worse'], Next: 'Failed' }],
      },
      'Ok?': {
        Type: 'Choice',
        Choices: [
          { Condition: '{% $x > 1 %}', Next: 'Fan', Comment: 'x > 1' },
          { Condition: '{% $y = "a" %}', Next: 'Pause' },
        ],
        Default: 'Failed',
      },
      Pause: { Type: 'Wait', Seconds: 1, Next: 'Fan' },
      Fan: {
        Type: 'Parallel',
        Next: 'Done',
        Branches: [
          { StartAt: 'A', States: { A: { Type: 'Task', End: true } } },
          { StartAt: 'B', States: { B: { Type: 'Task', End: true } } },
        ],
      },
      Done: { Type: 'Succeed' },
      Failed: { Type: 'Fail' },
    },
  };

  test('draws states, Next, labelled choices, otherwise, dotted catches and subgraphs', () => {
    expect(toMermaid(definition)).toBe(
      [
        'flowchart TD',
        '  start((start))',
        '  start --> Check',
        '  Check["Check"]',
        '  Ok_{"Ok?"}',
        '  Pause[/"Pause"/]',
        '  subgraph Fan["Fan (Parallel)"]',
        '    A["A"]',
        '    B["B"]',
        '  end',
        '  Done(["Done"])',
        '  Failed(["Failed"])',
        '  Check --> Ok_',
        '  Check -.->|"Bad, Worse"| Failed',
        '  Ok_ -->|"x > 1"| Fan',
        '  Ok_ -->|"$y = #quot;a#quot;"| Pause',
        '  Ok_ -->|"otherwise"| Failed',
        '  Pause --> Fan',
        '  Fan --> Done',
        '  classDef succeed fill:#d4edda,stroke:#28a745',
        '  classDef fail fill:#f8d7da,stroke:#dc3545',
        '  class Done succeed',
        '  class Failed fail',
      ].join('\n'),
    );
  });

  test('replaces only the marked block, and says how to fix a README without one', () => {
    const readme = 'before\n<!-- workflow-diagram:start -->\nold\n<!-- workflow-diagram:end -->\nafter\n';
    const block = readmeBlock('flowchart TD');
    expect(replaceBlock(readme, block)).toBe(`before\n${block}\nafter\n`);
    expect(() => replaceBlock('no markers', block)).toThrow(/add the two markers/);
  });
});
