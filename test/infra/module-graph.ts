/**
 * The project's own import graph, read with the TypeScript compiler's parser: every `import`,
 * `export ... from`, `import x = require()`, `require()` and `import()` whose specifier is relative,
 * resolved to a file as Node and TypeScript resolve it. Package imports are not edges. An import of
 * types only (`import type`, `export type`, every name `type`, `typeof import()`) is kept apart:
 * it is gone at run time, so it cannot make modules wait on each other's initialisation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export interface Import {
  /** Project-relative, `/`-separated: `local/engine/integrations/events.ts`. */
  from: string;
  to: string;
  specifier: string;
  typeOnly: boolean;
}

export interface ImportGraph {
  files: string[];
  imports: Import[];
  /** Relative specifiers that resolve to no file. */
  unresolved: Array<{ from: string; specifier: string }>;
}

const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

/** The source files under `dirs` of `root`, project-relative. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const walk = (dir: string): string[] =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir, { withFileTypes: true })
          .flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
      : [];
  return dirs
    .flatMap((dir) => walk(path.join(root, dir)))
    .filter((file) => SOURCE.test(file) && !file.endsWith('.d.ts'))
    .map((file) => path.relative(root, file).split(path.sep).join('/'))
    .sort();
}

export function importGraph(root: string, dirs: readonly string[]): ImportGraph {
  const files = sourceFiles(root, dirs);
  const known = new Set(files);
  const imports: Import[] = [];
  const unresolved: ImportGraph['unresolved'] = [];
  for (const from of files) {
    for (const { specifier, typeOnly } of importsOf(from, fs.readFileSync(path.join(root, from), 'utf8'))) {
      if (!specifier.startsWith('.')) continue;
      const to = resolve(root, from, specifier, known);
      if (to) imports.push({ from, to, specifier, typeOnly });
      else unresolved.push({ from, specifier });
    }
  }
  return { files, imports, unresolved };
}

/** The module specifiers a file imports, each marked whether only types come through it. */
export function importsOf(fileName: string, text: string): Array<{ specifier: string; typeOnly: boolean }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  const add = (node: ts.Node | undefined, typeOnly: boolean) => {
    if (node && ts.isStringLiteralLike(node)) found.push({ specifier: node.text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, importsTypesOnly(node.importClause));
    } else if (ts.isExportDeclaration(node)) {
      const typeOnly =
        node.isTypeOnly || (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      // `typeof import('./x')`, `import('./x').T`
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(argument.literal, true);
    } else if (ts.isCallExpression(node)) {
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      if ((isRequire || isDynamicImport) && node.arguments.length === 1) add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `import type {..}`, or names that are each `type` (TypeScript drops such an import); a bare `import './x'` runs it. */
function importsTypesOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.(js|mjs|cjs)$/.test(fileName)) return ts.ScriptKind.JS;
  if (fileName.endsWith('.tsx')) return ts.ScriptKind.TSX;
  return ts.ScriptKind.TS;
}

/** As TypeScript resolves a relative specifier: `./x`, `./x.js` for `./x.ts`, `./dir` for `./dir/index.ts`. */
function resolve(root: string, from: string, specifier: string, known: Set<string>): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const withoutJs = base.replace(/\.(js|mjs|cjs)$/, '');
  const ext = base.match(/\.(js|mjs|cjs)$/)?.[1];
  const candidates = [
    base,
    ...(ext ? [`${withoutJs}.${ext.replace('js', 'ts')}`, `${withoutJs}.tsx`] : []),
    ...['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'].map((e) => `${base}${e}`),
    ...['index.ts', 'index.tsx', 'index.js', 'index.mjs'].map((index) => `${base}/${index}`),
  ];
  const file = candidates.find((candidate) => known.has(candidate));
  if (file) return file;
  // A data file (JSON and the like) is a leaf: it imports nothing.
  return fs.existsSync(path.join(root, base)) && fs.statSync(path.join(root, base)).isFile() ? base : undefined;
}

/**
 * The circles of imports, each written as a path that starts and ends at the same file
 * (`a.ts → b.ts → a.ts`): for every strongly connected component of the graph (Tarjan), the
 * shortest circle through each of its files, each circle once (whichever file it starts at), so
 * every file caught in a circle is named with the imports that close it. Sorted, for stable output.
 */
export function findCycles(edges: ReadonlyArray<Pick<Import, 'from' | 'to'>>): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, []);
    if (!next.get(from)!.includes(to)) next.get(from)!.push(to);
  }
  for (const targets of next.values()) targets.sort();
  const nodes = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();

  // Tarjan's strongly connected components, with an explicit stack (no recursion depth limit).
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; at: number }> = [{ node: start, at: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = next.get(frame.node) ?? [];
      if (frame.at < targets.length) {
        const target = targets[frame.at++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, at: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && (next.get(member) ?? []).includes(member);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  const cycles = new Map<string, string[]>();
  for (const component of components) {
    for (const member of component) {
      const cycle = canonical(cycleThrough(member, new Set(component), next));
      cycles.set(cycle.join(' → '), cycle);
    }
  }
  return [...cycles.keys()].sort().map((key) => cycles.get(key)!);
}

/** The same circle starting at its first file in sort order (`b → a → b` is `a → b → a`). */
function canonical(cycle: string[]): string[] {
  const ring = cycle.slice(0, -1);
  const first = ring.indexOf([...ring].sort()[0]);
  const rotated = [...ring.slice(first), ...ring.slice(0, first)];
  return [...rotated, rotated[0]];
}

/** A shortest circle from `start` back to it, inside its component. */
function cycleThrough(start: string, members: Set<string>, next: Map<string, string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of next.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const cycle = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = previous.get(at)) cycle.splice(1, 0, at);
        return [...cycle, start];
      }
      if (!previous.has(target)) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return [start, start];
}
