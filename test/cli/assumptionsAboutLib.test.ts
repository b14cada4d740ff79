/**
 * What `npm run order`, the examples and the README take from lib/ without importing it (the CLI
 * must start fast, the README is prose): if lib/ changes one of these, this fails and says where.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_STACK } from '../../cli/args';
import { STATE_MACHINE_OUTPUT_KEY } from '../../cli/stateMachineArn';
import { STACK_NAME } from '../../lib/order-saga-app';
import { ORDER_SAGA_DEFAULTS } from '../../lib/order-saga-stack';
import { gatewayUnavailableRetry } from '../../lib/workflow/retry-policies';

const ROOT = join(__dirname, '..', '..');

test('the CLI looks for the stack bin/order-saga.ts deploys', () => {
  expect(DEFAULT_STACK).toBe(STACK_NAME);
});

test("the CLI reads the output the stack declares for the state machine's ARN", () => {
  const stack = readFileSync(join(ROOT, 'lib', 'order-saga-stack.ts'), 'utf8');
  expect(stack).toMatch(new RegExp(`new CfnOutput\\(this, '${STATE_MACHINE_OUTPUT_KEY}', \\{ value: [\\w.]*stateMachineArn \\}\\)`));
});

test('the README and the examples use the stack defaults they quote', () => {
  // README "Workflow" and "Walkthrough"; examples.test.ts's threshold.
  expect(ORDER_SAGA_DEFAULTS).toMatchObject({
    highValueThreshold: 100_000,
    maxPaymentChecks: 5,
    settlementWaitSeconds: 10,
    shipParcelsConcurrency: 4,
  });
});

test('ChargePayment retries PaymentGatewayUnavailable 3 times, so tok_transient_2 recovers (README)', () => {
  expect(gatewayUnavailableRetry).toMatchObject({ errors: ['PaymentGatewayUnavailable'], maxAttempts: 3 });
});
