import { layoutQuality, layoutWorkflow, renderWorkflowSvg, stateId, workflowGraph } from '../../local/console/graph';
import { allStateNames, CHOICE_LOOP, dataStates, expectReadable, PARALLEL_IN_MAP } from './graph-fixtures';

describe.each([
  ['a Parallel inside a Map', PARALLEL_IN_MAP],
  ['a Choice loop', CHOICE_LOOP],
])('the graph of %s', (_name, definition) => {
  const layout = layoutWorkflow(workflowGraph(definition));

  test('holds every state, lays out without overlaps, contains children, attaches every edge', () => {
    const graphStates = layout.nodes.filter((n) => n.kind === 'state').map((n) => n.name);
    expect(graphStates.sort()).toEqual(allStateNames(definition).sort());
    expectReadable(layout);
  });

  test('draws a data-state for every state', () => {
    expect(dataStates(renderWorkflowSvg(layout)).sort()).toEqual(allStateNames(definition).sort());
  });
});

describe('workflowGraph', () => {
  test('a start, an end, containers with their inner states, and no edge leaving a branch', () => {
    const graph = workflowGraph(PARALLEL_IN_MAP);
    const node = (name: string) => graph.nodes.find((n) => n.name === name && n.kind === 'state')!;
    expect(graph.nodes.filter((n) => n.kind !== 'state').map((n) => n.kind)).toEqual(['start', 'end']);
    expect(node('Fan')).toMatchObject({ parent: stateId('Each'), branch: 0, branches: 2 });
    expect(node('B2')).toMatchObject({ parent: stateId('Fan'), branch: 1 });
    expect(node('Each').branches).toBe(1);
    // Ok and Bad end an iteration, not the execution; only Each and Failed lead to the end.
    const toEnd = graph.edges.filter((e) => e.kind === 'end').map((e) => e.from);
    expect(toEnd.sort()).toEqual([stateId('Each'), stateId('Failed')]);
  });

  test('labels rules by Comment or condition, Default apart from rules, Catch by its errors', () => {
    const edges = workflowGraph(CHOICE_LOOP).edges.map(({ from, to, kind, label }) => ({ from, to, kind, label }));
    expect(edges).toEqual([
      { from: 'start', to: stateId('Poll'), kind: 'start', label: undefined },
      { from: stateId('Poll'), to: stateId('Done?'), kind: 'next', label: undefined },
      { from: stateId('Poll'), to: stateId('GiveUp'), kind: 'catch', label: 'Timeout, Gone' },
      { from: stateId('Done?'), to: stateId('Finished'), kind: 'choice', label: '$states.input.status = "DONE"' },
      { from: stateId('Done?'), to: stateId('Pause'), kind: 'choice', label: 'not yet, tries left' },
      { from: stateId('Done?'), to: stateId('GiveUp'), kind: 'default', label: 'Default' },
      { from: stateId('Pause'), to: stateId('Poll'), kind: 'next', label: undefined },
      { from: stateId('Finished'), to: 'end', kind: 'end', label: undefined },
      { from: stateId('GiveUp'), to: 'end', kind: 'end', label: undefined },
    ]);
  });

  test('writes JSONPath conditions out and shortens long ones', () => {
    const definition = {
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { Variable: '$.total', NumericGreaterThanEquals: 100, Next: 'D' },
            { And: [{ Variable: '$.a', StringEquals: 'x' }, { Variable: '$.b', IsPresent: false }], Next: 'D' },
            { Variable: '$.customer.address.country.code.iso', StringEqualsPath: '$.expected.country.code', Next: 'D' },
          ],
        },
        D: { Type: 'Succeed' },
      },
    };
    expect(workflowGraph(definition).edges.filter((e) => e.kind === 'choice').map((e) => e.label)).toEqual([
      '$.total ≥ 100',
      '$.a = "x" and $.b not present',
      '$.customer.address.country.code…', // 32 characters at most
    ]);
  });
});

describe('renderWorkflowSvg', () => {
  const layout = layoutWorkflow(workflowGraph(PARALLEL_IN_MAP));

  test('without statuses every state is not-reached and coloured by its type', () => {
    const svg = renderWorkflowSvg(layout);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<style|<script|class="visits"/);
    expect([...svg.matchAll(/data-status="([^"]+)"/g)].every((m) => m[1] === 'not-reached')).toBe(true);
    expect(svg).toContain('data-state="Check" data-type="Choice"');
  });

  test('colours states by status and shows a visit count above one', () => {
    const svg = renderWorkflowSvg(layout, {
      Each: { status: 'caught' },
      Fan: { status: 'failed', visits: 3 },
      A: { status: 'succeeded', visits: 1 },
      B: { status: 'cancelled' },
      Failed: { status: 'failed' },
    });
    const group = (name: string) => svg.split('\n').find((line) => line.includes(`data-state="${name}"`))!;
    expect(group('Each')).toContain('data-status="caught"');
    expect(group('Fan')).toContain('data-status="failed"');
    expect(group('Fan')).toContain('data-visits="3"');
    expect(group('A')).not.toContain('data-visits');
    expect(group('B')).toContain('data-status="cancelled"');
    expect(group('Init')).toContain('data-status="not-reached"');
    expect(group('Fan')).toContain('stroke="#d91515"');
  });

  test('escapes state names', () => {
    const definition = { StartAt: 'a<b>&"c"', States: { 'a<b>&"c"': { Type: 'Succeed' } } };
    const svg = renderWorkflowSvg(layoutWorkflow(workflowGraph(definition)));
    expect(dataStates(svg)).toEqual(['a<b>&"c"']);
    expect(svg).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
  });
});

describe('layoutQuality', () => {
  // Measured, not assumed: a layout broken by hand is caught on each count.
  const layout = layoutWorkflow(workflowGraph(PARALLEL_IN_MAP));
  const byName = (l: typeof layout, name: string) => l.nodes.find((n) => n.name === name)!;

  test('is clean on a laid-out graph', () => {
    expect(layoutQuality(layout)).toMatchObject({ overlaps: 0, uncontained: 0, detachedEdges: 0 });
  });

  test('counts an overlap, a child outside its container and a detached edge', () => {
    const broken = structuredClone(layout);
    const [init, failed, a] = [byName(broken, 'Init'), byName(broken, 'Failed'), byName(broken, 'A')];
    Object.assign(failed, { x: init.x + 5, y: init.y + 5 }); // on top of Init, edges left behind
    a.x = -1000; // out of Fan, Each, and its edges' ends
    const quality = layoutQuality(broken);
    expect(quality.overlaps).toBe(1);
    expect(quality.uncontained).toBe(1);
    expect(quality.detachedEdges).toBe(2); // Each → Failed (Catch) and Failed → End
  });

  test('counts crossings of segments, not edges meeting at a node', () => {
    const crossing = {
      width: 100,
      height: 100,
      nodes: [],
      edges: [
        { id: '1', from: 'a', to: 'b', kind: 'next' as const, points: [{ x: 0, y: 0 }, { x: 100, y: 100 }] },
        { id: '2', from: 'c', to: 'd', kind: 'next' as const, points: [{ x: 0, y: 100 }, { x: 100, y: 0 }] },
        { id: '3', from: 'a', to: 'e', kind: 'next' as const, points: [{ x: 0, y: 0 }, { x: 0, y: 50 }] },
      ],
    };
    expect(layoutQuality(crossing).crossings).toBe(1);
  });
});
