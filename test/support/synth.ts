/**
 * Synthesizes the deployed stack once per jest worker and shares it between the test files that
 * worker runs. Jest gives every test file a fresh module registry, so the result is kept on disk,
 * keyed by the worker's process and a hash of every input (lib/, bin/, lambda/, cdk.json, the
 * lockfile, this file): files in one worker reuse it, a new run or a changed input synthesizes again.
 *
 * It is the deployed stack: the App gets cdk.json's context (its feature flags change the template)
 * and the stack is built by the same function as bin/order-saga.ts, with CloudFormation's built-in
 * validation on. cdk-nag's AwsSolutions report is taken from the same construct tree.
 * Handler bundles are kept in a store under the OS temp dir and copied into each new assembly: their
 * asset hash covers all their inputs, so CDK reuses them instead of running esbuild again.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addOrderSagaStack, STACK_NAME } from '../../lib/order-saga-app';
import { CfnTemplate } from './render-definition';

export const PROJECT_ROOT = path.join(__dirname, '..', '..');
const ROOT = path.join(os.tmpdir(), 'order-saga-synth');
const BUNDLE_STORE = path.join(ROOT, 'bundles');

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

/** Assemblies of workers that have exited are of no further use. */
function removeFinishedRuns(): void {
  if (!fs.existsSync(ROOT)) return;
  for (const name of fs.readdirSync(ROOT)) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    fs.rmSync(path.join(ROOT, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Everything the synthesized stack is built from. */
function inputsHash(): string {
  const hash = createHash('sha256');
  const add = (file: string) => {
    hash.update(`${path.relative(PROJECT_ROOT, file)}\n`);
    hash.update(fs.readFileSync(file));
  };
  for (const dir of ['lib', 'bin', 'lambda']) walk(path.join(PROJECT_ROOT, dir)).forEach(add);
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
    if (name.startsWith('asset.')) fs.cpSync(path.join(BUNDLE_STORE, name), path.join(assemblyDir, name), { recursive: true });
  }
}

/** Adds new bundles to the store; a rename makes each appear whole to concurrent runs. */
function saveBundles(assemblyDir: string): void {
  fs.mkdirSync(BUNDLE_STORE, { recursive: true });
  for (const name of fs.readdirSync(assemblyDir)) {
    const target = path.join(BUNDLE_STORE, name);
    if (!name.startsWith('asset.') || fs.existsSync(target)) continue;
    const staging = path.join(BUNDLE_STORE, `.tmp-${process.pid}-${name}`);
    fs.cpSync(path.join(assemblyDir, name), staging, { recursive: true });
    try {
      fs.renameSync(staging, target);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
}
