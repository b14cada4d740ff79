/**
 * Synthesizes the deployed stack once per jest worker and shares it between the test files that
 * worker runs. Jest gives every test file a fresh module registry, so the result is kept on disk,
 * keyed by the worker's process and a hash of every input (lib/, bin/, lambda/, cdk.json, the
 * lockfile, this file): files in one worker reuse it, a new run or a changed input synthesizes again.
 *
 * It is the deployed stack: the App gets cdk.json's context (its feature flags change the template)
 * and the stack is built by the same function as bin/order-saga.ts, with CloudFormation's built-in
 * validation on. cdk-nag's AwsSolutions report is taken from the same construct tree.
 * Handler bundles are kept in a store inside the project (node_modules/.cache, beside the emulator's
 * kept assemblies) and copied into each new assembly: their asset hash covers all their inputs, so
 * CDK reuses them instead of running esbuild again.
 *
 * The assemblies themselves go into the OS temp folder, which under jest is the run's own folder
 * (test/support/global-setup.ts), one per worker process: two workers synthesizing into one folder
 * at once collide in CDK's asset staging. The global teardown removes the run's folder; outside jest
 * (`npm run diagram`) the process removes its assembly when it exits.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addOrderSagaStack, STACK_NAME } from '../../lib/order-saga-app';
import { RUN_TMPDIR_VARIABLE } from './global-setup';
import { CfnTemplate } from './render-definition';
import { isAlive } from './process-alive';

export const PROJECT_ROOT = path.join(__dirname, '..', '..');
const ROOT = path.join(os.tmpdir(), 'order-saga-synth');
const BUNDLE_STORE = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'order-saga', 'synth-bundles');

export interface NagFinding {
  ruleId: string;
  path: string;
  description: string;
}

export interface SynthesizedStack {
  /** The cloud assembly directory (asset directories included). */
  assemblyDir: string;
  template: CfnTemplate;
  /** cdk-nag AwsSolutions findings that are not acknowledged. */
  nagFindings: NagFinding[];
  /**
   * Findings of CloudFormation's built-in validation (schema errors are reported as warnings and
   * do not fail the synth, so they are collected from the assembly's validation-report.json).
   */
  cloudFormationFindings: string[];
}

export function synthesizeOrderSaga(): SynthesizedStack {
  const dir = path.join(ROOT, `run-${process.pid}-${inputsHash().slice(0, 16)}`);
  const resultFile = path.join(dir, 'result.json');
  if (!fs.existsSync(resultFile)) {
    removeFinishedRuns();
    fs.rmSync(dir, { recursive: true, force: true });
    if (!process.env[RUN_TMPDIR_VARIABLE]) removeOnExit(dir);
    const assemblyDir = path.join(dir, 'assembly');
    restoreBundles(assemblyDir);
    const context = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
    const app = new App({ context, outdir: assemblyDir, builtinCloudFormationValidation: true });
    // An empty environment: a developer's ORDER_SAGA_* variables must not change the tested stack.
    const stack = addOrderSagaStack(app, {});
    app.synth();
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    const nagFindings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => ({ ruleId: v.ruleName, path: r.constructPath ?? r.resourceLogicalId ?? '?', description: v.description })),
    );
    const validation = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'validation-report.json'), 'utf8'));
    const cloudFormationFindings = (validation.pluginReports as any[]).flatMap((report) =>
      (report.violations as any[]).map((v) => `${report.pluginName} ${v.ruleName}: ${v.description}`),
    );
    saveBundles(assemblyDir);
    fs.writeFileSync(resultFile, JSON.stringify({ assemblyDir, nagFindings, cloudFormationFindings }));
  }
  const { assemblyDir, nagFindings, cloudFormationFindings } = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  const template = JSON.parse(fs.readFileSync(path.join(assemblyDir, `${STACK_NAME}.template.json`), 'utf8'));
  return { assemblyDir, template, nagFindings, cloudFormationFindings };
}

/** Outside a jest run nobody else removes the assembly: the process does, when it exits. */
function removeOnExit(dir: string): void {
  process.once('exit', () => {
    fs.rmSync(dir, { recursive: true, force: true });
    // The parent too, once no other process keeps an assembly in it.
    try {
      fs.rmdirSync(ROOT);
    } catch {
      // not empty, or already gone
    }
  });
}

/** Assemblies of workers that have exited are of no further use. */
function removeFinishedRuns(): void {
  if (!fs.existsSync(ROOT)) return;
  for (const name of fs.readdirSync(ROOT)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    fs.rmSync(path.join(ROOT, name), { recursive: true, force: true });
  }
}

/** Everything the synthesized stack is built from. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const add = (file: string) => {
    hash.update(`${path.relative(PROJECT_ROOT, file)}\n`);
    hash.update(fs.readFileSync(file));
  };
  for (const dir of ['lib', 'bin', 'lambda', 'seed']) walk(path.join(PROJECT_ROOT, dir)).forEach(add);
  ['cdk.json', 'package-lock.json'].forEach((f) => add(path.join(PROJECT_ROOT, f)));
  add(__filename);
  return hash.digest('hex');
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function restoreBundles(assemblyDir: string): void {
  fs.mkdirSync(assemblyDir, { recursive: true });
  if (!fs.existsSync(BUNDLE_STORE)) return;
  for (const name of fs.readdirSync(BUNDLE_STORE)) {
    if (!name.startsWith('asset.')) continue;
    const target = path.join(assemblyDir, name);
    try {
      fs.cpSync(path.join(BUNDLE_STORE, name), target, { recursive: true });
    } catch {
      // Pruned by another process meanwhile: CDK would take a half-copied folder for a whole bundle.
      fs.rmSync(target, { recursive: true, force: true });
    }
  }
}

/** A bundle no synth has used for this long leaves the store (every change of a handler adds one). */
const UNUSED_BUNDLE_MS = 24 * 60 * 60 * 1000;

/**
 * Adds new bundles to the store; a rename makes each appear whole to concurrent runs. Marks the
 * bundles this assembly uses as used now, and removes those unused for a day.
 */
function saveBundles(assemblyDir: string): void {
  fs.mkdirSync(BUNDLE_STORE, { recursive: true });
  // The assets the template refers to (the assembly also holds every bundle restored from the store).
  const used = new Set(
    fs
      .readdirSync(assemblyDir)
      .filter((name) => name.endsWith('.assets.json'))
      .flatMap((name) => Object.values(JSON.parse(fs.readFileSync(path.join(assemblyDir, name), 'utf8')).files ?? {}))
      .map((asset) => (asset as { source?: { path?: string } }).source?.path)
      .filter((assetPath): assetPath is string => !!assetPath?.startsWith('asset.') && fs.existsSync(path.join(assemblyDir, assetPath))),
  );
  const now = new Date();
  for (const name of used) {
    const target = path.join(BUNDLE_STORE, name);
    if (fs.existsSync(target)) {
      fs.utimesSync(target, now, now);
      continue;
    }
    const staging = path.join(BUNDLE_STORE, `.tmp-${process.pid}-${name}`);
    fs.cpSync(path.join(assemblyDir, name), staging, { recursive: true });
    try {
      fs.renameSync(staging, target);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  for (const name of fs.readdirSync(BUNDLE_STORE)) {
    if (used.has(name) || !name.startsWith('asset.')) continue;
    const entry = path.join(BUNDLE_STORE, name);
    try {
      if (now.getTime() - fs.statSync(entry).mtimeMs > UNUSED_BUNDLE_MS) fs.rmSync(entry, { recursive: true, force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}
