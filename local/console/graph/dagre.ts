/**
 * The one door to @dagrejs/dagre. Its types are published as an ES module while this project
 * compiles as CommonJS (TS1479 on a plain import), so the types are imported in `import` mode and
 * the code is `require`d, which resolves to dagre's CommonJS build under Node and is inlined by
 * esbuild for the browser.
 */
import type * as DagreModule from '@dagrejs/dagre' with { 'resolution-mode': 'import' };

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre: typeof DagreModule = require('@dagrejs/dagre');

export type DagreGraph = InstanceType<typeof DagreModule.graphlib.Graph>;

export function newGraph(): DagreGraph {
  return new dagre.graphlib.Graph({ multigraph: true });
}

export function runLayout(graph: DagreGraph): void {
  dagre.layout(graph);
}
