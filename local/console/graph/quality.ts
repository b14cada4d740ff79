/**
 * Measures a layout instead of trusting it: boxes that overlap (a container and what it holds
 * excepted), children outside their container, edges that do not start and end on their nodes'
 * boundaries, and edge crossings (segments that properly cross; edges meeting at a shared node do
 * not count).
 */
import { crossingsBetween } from './geometry';
import type { EdgePath, LayoutQuality, NodeBox, Point, Rect, WorkflowLayout } from './types';

/** Coordinates are rounded to 0.1 px, so a point this close to a border is on it. */
const TOLERANCE = 0.5;

export function layoutQuality(layout: WorkflowLayout): LayoutQuality {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  return {
    overlaps: countOverlaps(layout.nodes, byId),
    uncontained: layout.nodes.filter((n) => n.parent !== undefined && !(byId.has(n.parent) && inside(n, byId.get(n.parent)!))).length,
    detachedEdges: layout.edges.filter((e) => !attached(e, byId)).length,
    crossings: countCrossings(layout.edges),
  };
}

function countOverlaps(nodes: NodeBox[], byId: Map<string, NodeBox>): number {
  let count = 0;
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const [a, b] = [nodes[i], nodes[j]];
      if (isAncestor(a, b, byId) || isAncestor(b, a, byId)) continue;
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) count++;
    }
  }
  return count;
}

function isAncestor(ancestor: NodeBox, node: NodeBox, byId: Map<string, NodeBox>): boolean {
  for (let p = node.parent; p !== undefined; p = byId.get(p)?.parent) if (p === ancestor.id) return true;
  return false;
}

function inside(child: Rect, parent: Rect): boolean {
  return (
    child.x >= parent.x &&
    child.y >= parent.y &&
    child.x + child.width <= parent.x + parent.width &&
    child.y + child.height <= parent.y + parent.height
  );
}

function attached(edge: EdgePath, byId: Map<string, NodeBox>): boolean {
  const from = byId.get(edge.from);
  const to = byId.get(edge.to);
  if (!from || !to || edge.points.length < 2) return false;
  return onBoundary(edge.points[0], from) && onBoundary(edge.points[edge.points.length - 1], to);
}

function onBoundary(p: Point, r: Rect): boolean {
  const withinX = p.x >= r.x - TOLERANCE && p.x <= r.x + r.width + TOLERANCE;
  const withinY = p.y >= r.y - TOLERANCE && p.y <= r.y + r.height + TOLERANCE;
  const nearVertical = Math.abs(p.x - r.x) <= TOLERANCE || Math.abs(p.x - r.x - r.width) <= TOLERANCE;
  const nearHorizontal = Math.abs(p.y - r.y) <= TOLERANCE || Math.abs(p.y - r.y - r.height) <= TOLERANCE;
  return (withinX && nearHorizontal) || (withinY && nearVertical);
}

function countCrossings(edges: EdgePath[]): number {
  let count = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) count += crossingsBetween(edges[i].points, edges[j].points);
  }
  return count;
}
