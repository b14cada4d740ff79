/**
 * The saga's own graph: complete, readable by the measures of layoutQuality, deterministic, and
 * the committed picture (docs/workflow.svg and the README block showing it) up to date.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { layoutQuality, layoutWorkflow, renderWorkflowSvg, workflowGraph } from '../../local/console/graph';
import { currentBlock, readmeBlock, replaceBlock, SVG_PATH, workflowSvg } from '../../scripts/workflow-diagram';
import { renderDefinition } from '../support/render-definition';
import { PROJECT_ROOT, synthesizeOrderSaga } from '../support/synth';
import { allStateNames, dataStates, expectReadable } from './graph-fixtures';

/** Edge crossings of the saga's layout when this test was written; a change may lower it, not raise it. */
const SAGA_CROSSINGS = 13;

let definition: object;
beforeAll(() => {
  definition = renderDefinition(synthesizeOrderSaga().template);
}, 180_000);

test('the graph holds every state of the definition, and the picture a data-state for each', () => {
  const layout = layoutWorkflow(workflowGraph(definition));
  const names = allStateNames(definition).sort();
  expect(names.length).toBeGreaterThan(20);
  expect(layout.nodes.filter((n) => n.kind === 'state').map((n) => n.name).sort()).toEqual(names);
  expect(dataStates(renderWorkflowSvg(layout)).sort()).toEqual(names);
});

test('no overlaps, containers enclose their children, edges end on their nodes; crossings do not grow', () => {
  const layout = layoutWorkflow(workflowGraph(definition));
  expectReadable(layout);
  const { crossings } = layoutQuality(layout);
  console.log(`saga graph: ${crossings} edge crossings (${layout.nodes.length} nodes, ${layout.edges.length} edges, ${layout.width}×${layout.height} px)`);
  expect(crossings).toBeLessThanOrEqual(SAGA_CROSSINGS);
});

test('the same definition lays out to byte-identical SVG', () => {
  // A fresh copy of the definition, so nothing cached on the first objects can help the second run.
  const first = renderWorkflowSvg(layoutWorkflow(workflowGraph(definition)));
  const second = renderWorkflowSvg(layoutWorkflow(workflowGraph(JSON.parse(JSON.stringify(definition)))));
  expect(second).toBe(first);
});

test('docs/workflow.svg is the picture the synthesized definition draws (run `npm run diagram` if not)', () => {
  const committed = fs.readFileSync(path.join(PROJECT_ROOT, SVG_PATH), 'utf8');
  expect(committed === workflowSvg(definition)).toBe(true);
});

test("the README shows that picture in its generated block (run `npm run diagram` if not)", () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  expect(currentBlock(readme)).toBe(readmeBlock());
  expect(readmeBlock()).toContain(`](${SVG_PATH})`);
});

test('replaceBlock replaces only the marked block, and says how to fix a README without one', () => {
  const readme = 'before\n<!-- workflow-diagram:start -->\nold\n<!-- workflow-diagram:end -->\nafter\n';
  expect(replaceBlock(readme, readmeBlock())).toBe(`before\n${readmeBlock()}\nafter\n`);
  expect(() => replaceBlock('no markers', readmeBlock())).toThrow(/add the two markers/);
});
