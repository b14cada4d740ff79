/**
 * Places the graph top to bottom, the way the AWS console draws a workflow. Each scope (the top
 * level, each Parallel branch, each Map processor) is laid out on its own by dagre, innermost
 * first; a container then enters its parent's layout as one box the size of its branches side by
 * side. ASL never connects states across scopes, so nothing is lost, and a child can never end up
 * outside its container, which dagre's own compound mode does not promise for edges to clusters.
 * Deterministic: dagre has no randomness, nodes and edges go in in definition order, and every
 * coordinate is rounded to 0.1 px so float noise cannot reach the SVG.
 */
import { newGraph, runLayout } from './dagre';
import { straightenEdges } from './straighten';
import {
  CONTAINER_HEADER,
  CONTAINER_PAD,
  headerTextWidth,
  labelSize,
  LANE_GAP,
  LANE_PAD,
  leafSize,
} from './metrics';
import type { EdgePath, GraphEdge, GraphNode, NodeBox, Point, Rect, WorkflowGraph, WorkflowLayout } from './types';

const MARGIN = 16;
const SPACING = { rankdir: 'TB', nodesep: 36, edgesep: 14, ranksep: 36, marginx: 0, marginy: 0 } as const;
/** The happy path (Next) pulls harder than the ways out (Catch), so it is the one drawn straight. */
const EDGE_WEIGHT: Record<GraphEdge['kind'], number> = { start: 2, next: 2, choice: 1, default: 1, catch: 1, end: 1 };

/** A scope's layout in its own coordinates, (0, 0) at its top-left corner. */
interface Block {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgePath[];
}

export function layoutWorkflow(graph: WorkflowGraph): WorkflowLayout {
  const scopes = new Scopes(graph);
  const block = layoutScope(scopes, scopeKey(undefined, 0));
  const moved = translate(block, MARGIN, MARGIN);
  return {
    width: round(block.width + 2 * MARGIN),
    height: round(block.height + 2 * MARGIN),
    nodes: orderLike(graph.nodes, moved.nodes).map(roundBox),
    edges: straightenEdges(moved.nodes, orderLike(graph.edges, moved.edges)).map(roundEdge),
  };
}

class Scopes {
  private readonly nodes = new Map<string, GraphNode[]>();
  private readonly edges = new Map<string, GraphEdge[]>();

  constructor(graph: WorkflowGraph) {
    const scopeOf = new Map(graph.nodes.map((n) => [n.id, scopeKey(n.parent, n.branch ?? 0)]));
    for (const node of graph.nodes) push(this.nodes, scopeOf.get(node.id)!, node);
    for (const edge of graph.edges) {
      const scope = scopeOf.get(edge.from);
      // An edge to a missing state or into another scope is invalid ASL: it has nowhere to be drawn.
      if (scope !== undefined && scope === scopeOf.get(edge.to)) push(this.edges, scope, edge);
    }
  }

  nodesOf(key: string): GraphNode[] {
    return this.nodes.get(key) ?? [];
  }

  edgesOf(key: string): GraphEdge[] {
    return this.edges.get(key) ?? [];
  }
}

function scopeKey(parent: string | undefined, branch: number): string {
  return `${parent ?? ''}\u0000${branch}`;
}

function layoutScope(scopes: Scopes, key: string): Block {
  const members = scopes.nodesOf(key);
  if (members.length === 0) return { width: 0, height: 0, nodes: [], edges: [] };
  const containers = new Map<string, Container>();
  for (const node of members) {
    if (node.branches !== undefined) containers.set(node.id, container(scopes, node));
  }

  const g = newGraph();
  g.setGraph({ ...SPACING });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of members) g.setNode(node.id, containers.get(node.id)?.size ?? leafSize(node));
  const edges = scopes.edgesOf(key);
  for (const edge of edges) {
    const label = edge.label ? { ...labelSize(edge.label), labelpos: 'c' } : {};
    g.setEdge(edge.from, edge.to, { ...label, weight: EDGE_WEIGHT[edge.kind] }, edge.id);
  }
  runLayout(g);

  const nodes: NodeBox[] = [];
  const innerEdges: EdgePath[] = [];
  for (const node of members) {
    const placed = g.node(node.id);
    const box: NodeBox = { ...node, x: placed.x! - placed.width / 2, y: placed.y! - placed.height / 2, width: placed.width, height: placed.height };
    const inner = containers.get(node.id);
    if (inner) box.lanes = inner.lanes.map((lane) => ({ ...lane, x: lane.x + box.x, y: lane.y + box.y }));
    nodes.push(box);
    for (const child of inner?.children ?? []) {
      const moved = translate(child.block, box.x + child.x, box.y + child.y);
      nodes.push(...moved.nodes);
      innerEdges.push(...moved.edges);
    }
  }
  const laidOut: EdgePath[] = edges.map((edge) => {
    const placed = g.edge(edge.from, edge.to, edge.id);
    const points = (placed.points ?? []).map((p: Point) => ({ x: p.x, y: p.y }));
    const labelBox =
      edge.label && placed.x !== undefined && placed.y !== undefined
        ? { x: placed.x - placed.width! / 2, y: placed.y - placed.height! / 2, width: placed.width!, height: placed.height! }
        : undefined;
    return { ...edge, points, ...(labelBox ? { labelBox } : {}) };
  });
  const size = g.graph();
  return { width: size.width ?? 0, height: size.height ?? 0, nodes, edges: [...laidOut, ...innerEdges] };
}

/** A Parallel or Map: its branches laid out, then put side by side in lanes under a header. */
interface Container {
  size: { width: number; height: number };
  lanes: Rect[];
  /** Each branch's block and where its top-left corner goes, relative to the container's. */
  children: Array<{ block: Block; x: number; y: number }>;
}

function container(scopes: Scopes, node: GraphNode): Container {
  const blocks = Array.from({ length: node.branches ?? 0 }, (_, i) => layoutScope(scopes, scopeKey(node.id, i)));
  const laneHeight = Math.max(0, ...blocks.map((b) => b.height)) + 2 * LANE_PAD;
  const lanesWidth = blocks.reduce((sum, b) => sum + b.width + 2 * LANE_PAD, 0) + LANE_GAP * Math.max(0, blocks.length - 1);
  const width = Math.max(headerTextWidth(node), lanesWidth + 2 * CONTAINER_PAD);
  const height = CONTAINER_HEADER + (blocks.length ? laneHeight + CONTAINER_PAD : 0);
  const lanes: Rect[] = [];
  const children: Container['children'] = [];
  let x = (width - lanesWidth) / 2;
  for (const block of blocks) {
    const lane = { x, y: CONTAINER_HEADER, width: block.width + 2 * LANE_PAD, height: laneHeight };
    lanes.push(lane);
    children.push({ block, x: lane.x + LANE_PAD, y: lane.y + LANE_PAD });
    x += lane.width + LANE_GAP;
  }
  return { size: { width, height }, lanes, children };
}

function translate(block: Block, dx: number, dy: number): Block {
  const move = <T extends Point>(p: T): T => ({ ...p, x: p.x + dx, y: p.y + dy });
  return {
    ...block,
    nodes: block.nodes.map((n) => ({ ...move(n), ...(n.lanes ? { lanes: n.lanes.map(move) } : {}) })),
    edges: block.edges.map((e) => ({ ...e, points: e.points.map(move), ...(e.labelBox ? { labelBox: move(e.labelBox) } : {}) })),
  };
}

/** The graph's own order (definition order), whatever order the scopes were laid out in. */
function orderLike<T extends { id: string }>(order: Array<{ id: string }>, items: T[]): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return order.flatMap((o) => (byId.has(o.id) ? [byId.get(o.id)!] : []));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function roundRect<T extends Rect>(r: T): T {
  return { ...r, x: round(r.x), y: round(r.y), width: round(r.width), height: round(r.height) };
}

function roundBox(box: NodeBox): NodeBox {
  return { ...roundRect(box), ...(box.lanes ? { lanes: box.lanes.map(roundRect) } : {}) };
}

function roundEdge(edge: EdgePath): EdgePath {
  return {
    ...edge,
    points: edge.points.map((p) => ({ x: round(p.x), y: round(p.y) })),
    ...(edge.labelBox ? { labelBox: roundRect(edge.labelBox) } : {}),
  };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
