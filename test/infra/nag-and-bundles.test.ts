import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrderSagaStack } from '../../lib/order-saga-stack';
import { stackPropsFromContext } from '../../lib/order-saga-app';
import { CfnTemplate, renderDefinition } from '../support/render-definition';
import { synthesizeOrderSaga } from '../support/synth';

test('the deployed stack synthesizes with CloudFormation validation on and has no unacknowledged cdk-nag AwsSolutions finding', () => {
  // synthesizeOrderSaga builds with builtinCloudFormationValidation: true and collects its report.
  const { nagFindings, cloudFormationFindings } = synthesizeOrderSaga();
  expect(cloudFormationFindings).toEqual([]);
  expect(nagFindings).toEqual([]);
}, 120_000);

test('every handler bundle is a minified ESM file of at most 50 KB', () => {
  const { assemblyDir, template } = synthesizeOrderSaga();
  const assets = JSON.parse(fs.readFileSync(path.join(assemblyDir, 'OrderSagaStack.assets.json'), 'utf8')).files;
  const functions = Object.values(template.Resources).filter((r) => r.Metadata?.['order-saga:name'] && r.Type === 'AWS::Lambda::Function');
  expect(functions).toHaveLength(10);
  const sizes: Record<string, number> = {};
  for (const fn of functions) {
    const hash = (fn.Properties.Code.S3Key as string).replace(/\.zip$/, '');
    const dir = path.join(assemblyDir, assets[hash].source.path);
    expect(fs.readdirSync(dir)).toEqual(['index.mjs']);
    const code = fs.readFileSync(path.join(dir, 'index.mjs'), 'utf8');
    sizes[fn.Metadata!['order-saga:name'] as string] = Buffer.byteLength(code);
    expect(code.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true); // ESM banner
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000); // minified: a few very long lines
    expect(code).not.toMatch(/from"@aws-sdk\/client-dynamodb\/dist-cjs/); // the SDK stays external
  }
  process.stdout.write(`bundle sizes (bytes): ${JSON.stringify(sizes)}\n`);
  for (const [name, size] of Object.entries(sizes)) expect({ name, size: size <= 50 * 1024 }).toEqual({ name, size: true });
}, 120_000);

describe('stack settings', () => {
  test('context or environment make a dev stack whose data is destroyed with it', () => {
    expect(stackPropsFromContext(new App({ context: { removalPolicy: 'destroy' } }), {}).removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(stackPropsFromContext(new App(), { ORDER_SAGA_REMOVAL_POLICY: 'destroy' }).removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(stackPropsFromContext(new App(), {}).removalPolicy).toBeUndefined();
    expect(() => stackPropsFromContext(new App({ context: { removalPolicy: 'delete' } }), {})).toThrow(
      'removalPolicy must be "destroy" (a dev stack) or "retain", got "delete"',
    );
  });

  test('a DESTROY stack leaves nothing behind; logExecutionData and the alarm email take effect', () => {
    // Bundling is skipped for this App (no stack listed in aws:cdk:bundling-stacks): only the template matters.
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new OrderSagaStack(app, 'Dev', {
      removalPolicy: RemovalPolicy.DESTROY,
      logExecutionData: true,
      alarmEmail: 'ops@example.com',
      highValueThreshold: 5000,
    });
    const template = Template.fromStack(stack);
    const retained = Object.entries(template.toJSON().Resources).filter(
      ([, r]: [string, any]) => r.DeletionPolicy === 'Retain' || r.UpdateReplacePolicy === 'Retain',
    );
    expect(retained.map(([id]) => id)).toEqual([]);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { LoggingConfiguration: { IncludeExecutionData: true } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    expect(renderDefinition(template.toJSON() as CfnTemplate).States['IsHighValue?'].Choices![0].Condition).toBe('{% $total >= 5000 %}');
  });

  test('bad settings fail the synth with the property named', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => new OrderSagaStack(app, 'Bad', { maxPaymentChecks: 0 })).toThrow(
      'OrderSagaStack: maxPaymentChecks must be an integer from 1 to 1000, got 0',
    );
  });
});
