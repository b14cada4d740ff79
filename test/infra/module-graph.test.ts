/**
 * The shape of the code's imports: no module waits on itself through a
 * circle of imports, and lib/ and lambda/ (what is deployed) never import the local tooling. Read
 * from the sources with the TypeScript parser (test/infra/module-graph.ts); relative imports only.
 */
import * as path from 'node:path';
import { findCycles, importGraph, importsOf, type Import } from './module-graph';

const ROOT = path.join(__dirname, '..', '..');
const DIRS = ['lib', 'lambda', 'local', 'seed', 'bin', 'cli'] as const;
const graph = importGraph(ROOT, DIRS);
const named = (cycles: string[][]) => cycles.map((cycle) => cycle.join(' → '));

test('the graph is complete: every relative import resolves to a file, and there are imports to check', () => {
  expect(graph.unresolved).toEqual([]);
  expect(graph.files.length).toBeGreaterThan(150);
  expect(graph.imports.length).toBeGreaterThan(400);
});

// Type imports count too: gone at run time, but still two modules that each need the other.
test('no circle of imports among lib/, lambda/, local/, seed/, bin/ and cli/, not even of types', () => {
  expect(named(findCycles(graph.imports))).toEqual([]);
});

test('lib/ and lambda/ never import from local/ (types included)', () => {
  const tooling = graph.imports.filter((i) => /^(lib|lambda)\//.test(i.from) && i.to.startsWith('local/'));
  expect(tooling.map((i) => `${i.from} imports ${i.specifier}`)).toEqual([]);
});

describe('the finder itself', () => {
  /** A graph of in-memory files (`name.ts` → source), each relative specifier resolved to `<path>.ts`. */
  const edgesOf = (files: Record<string, string>): Import[] =>
    Object.entries(files).flatMap(([from, text]) =>
      importsOf(from, text).map(({ specifier, typeOnly }) => ({
        from,
        to: `${path.posix.join(path.posix.dirname(from), specifier)}.ts`,
        specifier,
        typeOnly,
      })),
    );

  test('names the circle local/engine/integrations had before 76bd4ae (resources.ts imports the integrations, which imported it)', () => {
    // The import lines of those files then, as they were.
    const integrations = {
      'integrations/resources.ts': [
        "import { StatesError } from '../errors';",
        "import type { EngineOptions } from '../types';",
        "import { invokeLambdaIntegration, invokePlainLambda } from './lambda';",
        "import { callDynamoDb, DYNAMODB_ACTIONS } from './dynamodb';",
        "import { callPutEvents } from './events';",
      ].join('\n'),
      'integrations/events.ts': "import type { EngineOptions } from '../types';\nimport { missingOption } from './resources';",
      'integrations/dynamodb.ts': "import { missingOption, sdkMetadata } from './resources';",
      'integrations/lambda.ts': "import { missingOption, sdkMetadata } from './resources';",
      'types.ts': "import type { StatesError } from './errors';",
      'errors.ts': '',
    };
    expect(named(findCycles(edgesOf(integrations).filter((i) => !i.typeOnly)))).toEqual([
      'integrations/dynamodb.ts → integrations/resources.ts → integrations/dynamodb.ts',
      'integrations/events.ts → integrations/resources.ts → integrations/events.ts',
      'integrations/lambda.ts → integrations/resources.ts → integrations/lambda.ts',
    ]);
    // The fix of 76bd4ae: the integrations import a leaf (service-call.ts) instead.
    const fixed = {
      ...integrations,
      'integrations/events.ts': "import { missingOption } from './service-call';",
      'integrations/dynamodb.ts': "import { missingOption, sdkMetadata } from './service-call';",
      'integrations/lambda.ts': "import { missingOption, sdkMetadata } from './service-call';",
      'integrations/service-call.ts': "import { StatesError } from '../errors';",
    };
    expect(findCycles(edgesOf(fixed))).toEqual([]);
  });

  test('a longer circle is named whole, and a file importing itself is a circle', () => {
    const files = { 'a.ts': "import './b';", 'b.ts': "export * from './c';", 'c.ts': "const a = require('./a');", 's.ts': "import('./s');" };
    expect(named(findCycles(edgesOf(files)))).toEqual(['a.ts → b.ts → c.ts → a.ts', 's.ts → s.ts']);
  });

  test('tells imports of types only from imports that run', () => {
    const source = [
      "import type { A } from './type-only';",
      "import { type B, type C } from './all-names-type';",
      "import { type D, e } from './one-value';",
      "import f from './default';",
      "import './side-effect';",
      "export type { G } from './export-type';",
      "export { h } from './export-value';",
      "export * from './export-star';",
      "type I = typeof import('./import-type');",
      "const j = require('./require');",
      "const k = import('./dynamic');",
      "import l = require('./import-equals');",
      "import { m } from 'a-package';",
    ].join('\n');
    expect(Object.fromEntries(importsOf('x.ts', source).map((i) => [i.specifier, i.typeOnly]))).toEqual({
      './type-only': true,
      './all-names-type': true,
      './one-value': false,
      './default': false,
      './side-effect': false,
      './export-type': true,
      './export-value': false,
      './export-star': false,
      './import-type': true,
      './require': false,
      './dynamic': false,
      './import-equals': false,
      'a-package': false,
    });
  });
});
