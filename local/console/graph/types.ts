/**
 * The shapes passed between the graph's three steps: `workflowGraph` (what is connected to what),
 * `layoutWorkflow` (where each thing goes) and `renderWorkflowSvg` (how it looks). Plain data, so
 * the console can serialise a layout or inspect it in tests.
 */

export type NodeKind = 'start' | 'end' | 'state';

/** Why an edge exists; the renderer styles each kind differently. */
export type EdgeKind = 'start' | 'next' | 'choice' | 'default' | 'catch' | 'end';

export interface GraphNode {
  /** Unique in the graph: `start`, `end`, or `state:<StateName>` (state names are unique in a machine). */
  id: string;
  kind: NodeKind;
  /** The state's name, or "Start" / "End". */
  name: string;
  /** The ASL `Type` of a state (Task, Choice, Parallel, ...). */
  stateType?: string;
  /** The Parallel or Map state holding this one, as a node id. */
  parent?: string;
  /** Which of the parent's branches (0 for a Map's item processor). */
  branch?: number;
  /** For a Parallel: its number of branches; for a Map: 1. Absent for other states. */
  branches?: number;
}

export interface GraphEdge {
  /** Unique in the graph, stable: `<from>-><to>#<kind><index>`. */
  id: string;
  from: string;
  to: string;
  kind: EdgeKind;
  /** Choice rule text, "Default", or a Catch's errors. */
  label?: string;
}

export interface WorkflowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A node with its box (top-left corner); a container also gets one lane per branch. */
export interface NodeBox extends GraphNode, Rect {
  lanes?: Rect[];
}

export interface EdgePath extends GraphEdge {
  /** From a point on the source's boundary to a point on the target's boundary. */
  points: Point[];
  labelBox?: Rect;
}

export interface WorkflowLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgePath[];
}

export type StateStatus = 'succeeded' | 'failed' | 'caught' | 'in-progress' | 'not-reached' | 'cancelled';

export type StateStatuses = Record<string, { status: StateStatus; visits?: number }>;

export interface LayoutQuality {
  overlaps: number;
  uncontained: number;
  detachedEdges: number;
  crossings: number;
}
