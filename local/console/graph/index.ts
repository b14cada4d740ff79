/**
 * The workflow graph, as the local console and `npm run diagram` draw it:
 * `workflowGraph(definition)` → `layoutWorkflow(graph)` → `renderWorkflowSvg(layout, statuses?)`,
 * and `layoutQuality(layout)` to measure a layout. Pure TypeScript without Node APIs: esbuild
 * bundles it for the browser as it is.
 */
export { workflowGraph, stateId, START_ID, END_ID } from './workflow-graph';
export { layoutWorkflow } from './layout';
export { renderWorkflowSvg } from './render-svg';
export { layoutQuality } from './quality';
export type {
  EdgeKind,
  EdgePath,
  GraphEdge,
  GraphNode,
  LayoutQuality,
  NodeBox,
  NodeKind,
  Point,
  Rect,
  StateStatus,
  StateStatuses,
  WorkflowGraph,
  WorkflowLayout,
} from './types';
