/** Segment tests shared by the layout's clean-up and its measurement. */
import type { Point, Rect } from './types';

export function segments(points: Point[]): Array<[Point, Point]> {
  return points.slice(1).map((p, i) => [points[i], p]);
}

/** Strict sign tests: touching at an end or running along each other is not a crossing. */
export function properlyCross(a1: Point, a2: Point, b1: Point, b2: Point): boolean {
  const d1 = orientation(b1, b2, a1);
  const d2 = orientation(b1, b2, a2);
  const d3 = orientation(a1, a2, b1);
  const d4 = orientation(a1, a2, b2);
  return d1 * d2 < 0 && d3 * d4 < 0;
}

function orientation(p: Point, q: Point, r: Point): number {
  return Math.sign((q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x));
}

export function crossingsBetween(a: Point[], b: Point[]): number {
  let count = 0;
  for (const [a1, a2] of segments(a)) for (const [b1, b2] of segments(b)) if (properlyCross(a1, a2, b1, b2)) count++;
  return count;
}

export function countCrossingsWith(points: Point[], edges: Array<{ points: Point[] }>): number {
  return edges.reduce((sum, e) => sum + crossingsBetween(points, e.points), 0);
}

/** Whether the segment passes through the rectangle's inside (Liang–Barsky clipping). */
export function segmentHitsRect(p: Point, q: Point, r: Rect): boolean {
  const [dx, dy] = [q.x - p.x, q.y - p.y];
  let [t0, t1] = [0, 1];
  const edges: Array<[number, number]> = [
    [-dx, p.x - r.x],
    [dx, r.x + r.width - p.x],
    [-dy, p.y - r.y],
    [dy, r.y + r.height - p.y],
  ];
  for (const [denominator, distance] of edges) {
    if (denominator === 0) {
      if (distance <= 0) return false;
      continue;
    }
    const t = distance / denominator;
    if (denominator < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 >= t1) return false;
  }
  return true;
}
