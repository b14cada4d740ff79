import { straightenEdges } from '../../local/console/graph/straighten';
import type { EdgePath, NodeBox } from '../../local/console/graph/types';

// Two boxes one above the other, and a route that detours far to the right between them.
const box = (id: string, x: number, y: number): NodeBox => ({ id, kind: 'state', name: id, stateType: 'Task', x, y, width: 100, height: 40 });
const detour = (label?: string): EdgePath => ({
  id: 'a->b',
  from: 'a',
  to: 'b',
  kind: 'next',
  ...(label ? { label } : {}),
  points: [{ x: 50, y: 40 }, { x: 400, y: 100 }, { x: 50, y: 160 }],
});

test('a detour between two boxes becomes the straight line from boundary to boundary', () => {
  const [edge] = straightenEdges([box('a', 0, 0), box('b', 0, 160)], [detour()]);
  expect(edge.points).toEqual([{ x: 50, y: 40 }, { x: 50, y: 160 }]);
});

test('keeps the detour when the straight line would cut through another box', () => {
  const nodes = [box('a', 0, 0), box('b', 0, 160), box('c', 0, 80)];
  expect(straightenEdges(nodes, [detour()])[0].points).toHaveLength(3);
});

test('keeps the route of a labelled edge, whose label sits on it', () => {
  expect(straightenEdges([box('a', 0, 0), box('b', 0, 160)], [detour('Default')])[0].points).toHaveLength(3);
});
