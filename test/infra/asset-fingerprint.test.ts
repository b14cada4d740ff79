import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bundleFingerprint } from '../../lib/functions/bundle-fingerprint';
import { HANDLER_BUNDLING } from '../../lib/functions/handler-function';
import { HANDLERS, SAGA_NAME_METADATA } from '../../lib/functions/handler-specs';
import { PROJECT_ROOT, synthesizeOrderSaga } from '../support/synth';

/**
 * Each function's asset hash is the fingerprint of its own bundle, so a change redeploys exactly the
 * functions whose bundle it reaches. The edits are made in a copy of the handler sources (other test
 * files read the real ones at the same time); the copy needs no node_modules, which the fingerprint
 * covers through the lockfile.
 */

const ENTRIES = Object.values(HANDLERS).map((spec) => `lambda/${spec.entry}.ts`);
const SHARED_MODULES = ['shared', 'gateway'].flatMap((folder) =>
  fs
    .readdirSync(path.join(PROJECT_ROOT, 'lambda', folder))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `lambda/${folder}/${name}`),
);
/** An edit that changes what a module exports, so it reaches every bundle that takes the module. */
const addExport = (text: string) => `${text}\nexport const fingerprintProbe = 1;\n`;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'order-saga-fingerprint-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

let project: string;
let baseline: Record<string, string>;
beforeAll(() => {
  project = copyOfHandlerSources(path.join(scratch, 'checkout'));
  baseline = fingerprintsOf(project);
});

function copyOfHandlerSources(dir: string): string {
  fs.cpSync(path.join(PROJECT_ROOT, 'lambda'), path.join(dir, 'lambda'), { recursive: true });
  for (const file of ['package-lock.json', 'package.json', 'tsconfig.json']) {
    fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(dir, file));
  }
  return dir;
}

function fingerprintsOf(root: string, bundling = HANDLER_BUNDLING): Record<string, string> {
  return Object.fromEntries(ENTRIES.map((entry) => [entry, bundleFingerprint(root, entry, bundling)]));
}

/** Runs `run` with `file` of the copy edited (or created), and puts the file back. */
function withEdit<T>(file: string, edit: (text: string) => string, run: () => T): T {
  const target = path.join(project, file);
  const original = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  fs.writeFileSync(target, edit(original ?? ''));
  try {
    return run();
  } finally {
    if (original === undefined) fs.rmSync(target);
    else fs.writeFileSync(target, original);
  }
}

function entriesChangedBy(file: string, edit: (text: string) => string): string[] {
  const after = withEdit(file, edit, () => fingerprintsOf(project));
  return ENTRIES.filter((entry) => after[entry] !== baseline[entry]);
}

/**
 * An independent account of the import graph, from the import lines alone: the relative imports that
 * bring code, i.e. not `import type` and not braces of types only (TypeScript elides those, and so
 * does esbuild).
 */
function modulesReachedFrom(root: string, entry: string): Set<string> {
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    for (const [, clause, specifier] of text.matchAll(/^import\s+([^;]*?)\s+from\s+'(\.{1,2}\/[^']+)';/gm)) {
      if (!bringsCode(clause)) continue;
      visit(`${path.posix.join(path.posix.dirname(file), specifier)}.ts`);
    }
  };
  visit(entry);
  return reached;
}

function bringsCode(importClause: string): boolean {
  if (/^type\s/.test(importClause)) return false;
  const named = /^\{([\s\S]*)\}$/.exec(importClause.trim());
  if (!named) return true;
  return named[1]
    .split(',')
    .map((name) => name.trim())
    .some((name) => name !== '' && !name.startsWith('type '));
}

function importersOf(module: string): string[] {
  return ENTRIES.filter((entry) => modulesReachedFrom(project, entry).has(module));
}

test('the ten handlers have ten different fingerprints, the same in any checkout location', () => {
  expect(new Set(Object.values(baseline)).size).toBe(ENTRIES.length);
  const elsewhere = copyOfHandlerSources(path.join(scratch, 'somewhere', 'else', 'entirely'));
  expect(fingerprintsOf(elsewhere)).toEqual(baseline);
});

test.each(ENTRIES)('editing %s changes its own fingerprint and no other', (entry) => {
  expect(entriesChangedBy(entry, addExport)).toEqual([entry]);
});

test('the shared modules reach different sets of handlers, so the next test can tell a wrong set', () => {
  const sets = new Set(SHARED_MODULES.map((module) => importersOf(module).join()));
  expect(sets.size).toBeGreaterThan(2);
  // A module imported only for its types is in no bundle through that import (shared/ledger.ts
  // imports gateway/tokens.ts so; only charge-payment takes its code).
  expect(importersOf('lambda/gateway/tokens.ts')).toEqual(['lambda/charge-payment.ts']);
});

test.each(SHARED_MODULES)('editing %s changes the fingerprints of exactly the handlers that import it', (module) => {
  expect(entriesChangedBy(module, addExport)).toEqual(importersOf(module));
});

test('a module no handler imports changes no fingerprint', () => {
  expect(entriesChangedBy('lambda/shared/not-imported.ts', () => 'export const unused = 1;\n')).toEqual([]);
});

test.each([
  ['minify', { minify: false }],
  ['target', { target: 'node22' }],
  ['mainFields', { mainFields: ['main'] }],
  ['banner', { banner: '' }],
  ['externalModules', { externalModules: [] }],
])('changing the bundling option %s changes every fingerprint', (_name, change) => {
  const after = fingerprintsOf(project, { ...HANDLER_BUNDLING, ...change });
  expect(ENTRIES.filter((entry) => after[entry] === baseline[entry])).toEqual([]);
});

test('the lockfile (the versions of everything bundled from node_modules) is part of every fingerprint', () => {
  const bumped = (text: string) => {
    const lock = JSON.parse(text);
    lock.packages['node_modules/zod'].version += '-bumped';
    return JSON.stringify(lock, null, 2);
  };
  expect(entriesChangedBy('package-lock.json', bumped)).toEqual(ENTRIES);
});

test("tsconfig.json's compiler options are part of every fingerprint", () => {
  const withDecorators = (text: string) => {
    const tsconfig = JSON.parse(text);
    tsconfig.compilerOptions.experimentalDecorators = true;
    return JSON.stringify(tsconfig);
  };
  expect(entriesChangedBy('tsconfig.json', withDecorators)).toEqual(ENTRIES);
});

test('of package.json only what changes a bundle is part of the fingerprints', () => {
  const edited = (change: (manifest: Record<string, any>) => void) => (text: string) => {
    const manifest = JSON.parse(text);
    change(manifest);
    return JSON.stringify(manifest);
  };
  expect(entriesChangedBy('package.json', edited((m) => (m.scripts.fingerprint = 'true')))).toEqual([]);
  expect(entriesChangedBy('package.json', edited((m) => (m.sideEffects = false)))).toEqual(ENTRIES);
});

test('an import that does not resolve fails the fingerprint, naming the handler', () => {
  withEdit('lambda/verify-address.ts', (text) => `import './shared/no-such-module';\n${text}`, () => {
    expect(() => bundleFingerprint(project, 'lambda/verify-address.ts', HANDLER_BUNDLING)).toThrow(
      /lambda\/verify-address\.ts.*Could not resolve "\.\/shared\/no-such-module"/s,
    );
  });
});

test('the synthesized template gives each handler an asset of its own', () => {
  const { template } = synthesizeOrderSaga();
  const functions = Object.values(template.Resources).filter(
    (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.[SAGA_NAME_METADATA],
  );
  expect(functions).toHaveLength(ENTRIES.length);
  expect(new Set(functions.map((fn) => fn.Properties.Code.S3Key)).size).toBe(ENTRIES.length);
}, 120_000);
