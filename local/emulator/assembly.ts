import fs from 'node:fs';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { SAGA_NAME_METADATA } from '../../lib/functions/handler-specs';
import { addOrderSagaStack } from '../../lib/order-saga-app';

const PROJECT_ROOT = path.join(__dirname, '..', '..');

/** What `cdk synth` produces for the stack: its template and the folder its assets were built into. */
export interface SynthesizedStack {
  stackName: string;
  template: CloudFormationTemplate;
  /** The cloud assembly folder; asset paths in the template's metadata are relative to it. */
  assemblyDir: string;
}

export interface CloudFormationTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown }>;
}

/**
 * Assembly folders live inside the project: the bundles leave `@aws-sdk/*` out (the Lambda runtime
 * provides it), and only from inside the project does Node find those imports in its node_modules.
 */
const ASSEMBLY_PARENT = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'order-saga');

/**
 * A folder kept between runs, one per tool: bundles are keyed by their sources' hash, so a kept
 * folder skips esbuild when nothing changed. Separate names keep concurrent synths apart, and so
 * does a folder per jest worker: two test files of one tool synthesizing at once into one cold
 * folder collide in CDK's asset staging (ENOTEMPTY on the rename of a bundle being built).
 */
export function keptAssemblyDir(name: string): string {
  const worker = process.env.JEST_WORKER_ID;
  const dir = path.join(ASSEMBLY_PARENT, worker ? `${name}-jest-worker-${worker}` : name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function freshAssemblyDir(): string {
  fs.mkdirSync(ASSEMBLY_PARENT, { recursive: true });
  return fs.mkdtempSync(path.join(ASSEMBLY_PARENT, 'assembly-'));
}

/** Each saga handler's function, by handler name (`chargePayment`), as its logical id in the template. */
export function handlerFunctionIds(template: CloudFormationTemplate): Map<string, string> {
  return sagaNamedIds(template, 'AWS::Lambda::Function');
}

/**
 * The template's resources of a type that the stack names for the saga (SAGA_NAME_METADATA: a
 * handler's `chargePayment`, a table's `orders`), by that name, as their logical ids.
 */
export function sagaNamedIds(template: CloudFormationTemplate, type: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const name = resource.Metadata?.[SAGA_NAME_METADATA];
    if (resource.Type === type && typeof name === 'string') ids.set(name, logicalId);
  }
  return ids;
}

/**
 * Synthesizes the app in-process, exactly as `cdk synth` does with the shipped cdk.json (same
 * context, same feature flags, same esbuild bundles), into a folder of its own.
 */
export function synthesizeOrderSaga(outdir = freshAssemblyDir()): SynthesizedStack {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  // The CLI asks for asset metadata (where each function's bundle is); an in-process App must too.
  const context = { ...cdkJson.context, 'aws:cdk:enable-asset-metadata': true };
  // CloudFormation's own validation of the template (seconds) is the infra tests' job, not a local run's.
  const app = new App({ outdir, context, builtinCloudFormationValidation: false });
  const stack = addOrderSagaStack(app);
  const assembly = app.synth();
  const artifact = assembly.getStackArtifact(stack.artifactId);
  return {
    stackName: stack.stackName,
    template: artifact.template as CloudFormationTemplate,
    assemblyDir: assembly.directory,
  };
}
