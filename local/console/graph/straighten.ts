/**
 * Dagre routes a long edge through one dummy node per rank it spans, and those dummies sometimes
 * sit far to one side, so an edge between two nearby states takes a detour (out to the right and
 * back). This pass replaces such a route by the straight line between the two boxes, but only when
 * that line touches no other box or edge label and crosses no more edges than the detour did.
 * Labelled edges keep their route: their label sits on it.
 */
import { countCrossingsWith, segmentHitsRect } from './geometry';
import type { EdgePath, NodeBox, Point, Rect } from './types';

/** Room kept between a straightened edge and the boxes it passes. */
const CLEARANCE = 6;

export function straightenEdges(nodes: NodeBox[], edges: EdgePath[]): EdgePath[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const labels = edges.flatMap((e) => (e.labelBox ? [e.labelBox] : []));
  const result = [...edges];
  result.forEach((edge, index) => {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (edge.label || edge.points.length <= 2 || !from || !to || from === to) return;
    const line = [boundaryToward(from, center(to)), boundaryToward(to, center(from))];
    const keep = new Set([from.id, to.id, ...ancestors(from, byId), ...ancestors(to, byId)]);
    const obstacles = [...nodes.filter((n) => !keep.has(n.id)), ...labels].map((r) => inflate(r, CLEARANCE));
    if (obstacles.some((r) => segmentHitsRect(line[0], line[1], r))) return;
    const others = result.filter((_, i) => i !== index);
    if (countCrossingsWith(line, others) > countCrossingsWith(edge.points, others)) return;
    result[index] = { ...edge, points: line };
  });
  return result;
}

function ancestors(node: NodeBox, byId: Map<string, NodeBox>): string[] {
  const found: string[] = [];
  for (let p = node.parent; p !== undefined; p = byId.get(p)?.parent) found.push(p);
  return found;
}

function center(r: Rect): Point {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/** Where the line from the box's centre toward `target` leaves the box. */
function boundaryToward(r: Rect, target: Point): Point {
  const c = center(r);
  const [dx, dy] = [target.x - c.x, target.y - c.y];
  const scale = Math.min(dx ? r.width / 2 / Math.abs(dx) : Infinity, dy ? r.height / 2 / Math.abs(dy) : Infinity);
  return { x: c.x + dx * scale, y: c.y + dy * scale };
}

function inflate(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by };
}
