import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_TIMEOUT_MARGIN_SECONDS, HandlerName, HandlerSpec, SAGA_NAME_METADATA } from './handler-specs';
import { bundleFingerprint, HandlerBundling } from './bundle-fingerprint';
import { requireLocalEsbuild } from './local-esbuild';

const PROJECT_ROOT = path.join(__dirname, '..', '..');

/**
 * ESM lets esbuild drop unused code, but a CommonJS dependency that calls `require` for a Node
 * built-in breaks in an ESM bundle; this banner gives it a real `require`.
 */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);";

/** esbuild options for every handler: small ESM bundles for Node.js 24. */
export const HANDLER_BUNDLING: HandlerBundling = {
  format: OutputFormat.ESM,
  minify: true,
  target: 'node24',
  sourceMap: false,
  mainFields: ['module', 'main'],
  banner: CREATE_REQUIRE_BANNER,
  // The Node.js 24 runtime ships the AWS SDK v3.
  externalModules: ['@aws-sdk/*'],
};

export interface HandlerFunctionProps {
  readonly name: HandlerName;
  readonly spec: HandlerSpec;
  readonly environment: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * One saga handler: a minified ESM bundle on Node.js 24/ARM64 with its own role (only logging to its
 * own log group and X-Ray; table access is granted by the caller), its own log group with retention,
 * and active tracing.
 */
export class HandlerFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    requireLocalEsbuild();

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy, which may write to
    // any log group in the account.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `order-saga ${props.name}: its log group, X-Ray and its own table actions`,
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const entryFile = path.join('lambda', `${props.spec.entry}.ts`);
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, entryFile),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.spec.memoryMb,
      timeout: Duration.seconds(props.spec.taskTimeoutSeconds + FUNCTION_TIMEOUT_MARGIN_SECONDS),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'order-saga',
        ...props.environment,
      },
      bundling: {
        ...HANDLER_BUNDLING,
        forceDockerBundling: false,
        assetHash: bundleFingerprint(PROJECT_ROOT, entryFile, HANDLER_BUNDLING),
      },
    });
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata(SAGA_NAME_METADATA, props.name);

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) have no resource-level permissions.',
    });
  }
}
