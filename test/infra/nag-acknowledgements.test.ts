import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addOrderSagaStack } from '../../lib/order-saga-app';
import { PROJECT_ROOT } from '../support/synth';

/**
 * The acknowledgements are exactly the findings AwsSolutions raises without them: each one is
 * needed (none is stale) and each sits on the construct it concerns (none is stack-wide). With them,
 * test/infra/nag-and-bundles.test.ts sees zero findings.
 */
test('without acknowledgements, AwsSolutions finds exactly the acknowledged wildcards and nothing else', () => {
  const acknowledge = jest.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
  try {
    const context = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;
    // Bundling skipped: only the construct tree matters here.
    const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    const stack = addOrderSagaStack(app, {});
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    const findings = report.violations
      .flatMap((v) => v.violatingResources.map((r) => `${r.constructPath} ${v.ruleName}`))
      .sort();
    const handlers = ['ValidateOrder', 'AssessFraudRisk', 'VerifyAddress', 'ReserveInventory', 'ChargePayment', 'CheckPayment', 'RefundPayment', 'ReleaseInventory', 'CreateShipment', 'CancelShipments'];
    const logicalIdOf = (name: string) => {
      const fn = stack.node.findChild('Handlers').node.findChild(name).node.findChild('Function').node.defaultChild!;
      return stack.getLogicalId(fn as any);
    };
    expect(findings).toEqual(
      [
        'OrderSagaStack/AWS679f53fac002430cb0da5b7982bd2287/ServiceRole/Resource AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'OrderSagaStack/OrderPlaced/DeadLetterQueue/Resource AwsSolutions-SQS3',
        ...handlers.map((h) => `OrderSagaStack/Handlers/${h}/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::*]`),
        'OrderSagaStack/Workflow/StateMachine/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::*]',
        ...handlers.map(
          (h) => `OrderSagaStack/Workflow/StateMachine/Role/DefaultPolicy/Resource AwsSolutions-IAM5[Resource::<${logicalIdOf(h)}.Arn>:*]`,
        ),
      ].sort(),
    );
    expect(acknowledge).toHaveBeenCalled();
    // Every acknowledgement names a full finding id and gives a reason.
    for (const call of acknowledge.mock.calls) {
      for (const ack of call) {
        expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
        expect(ack.reason.length).toBeGreaterThan(30);
      }
    }
  } finally {
    acknowledge.mockRestore();
  }
});
