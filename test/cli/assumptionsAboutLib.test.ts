/**
 * What `npm run order`, the examples and the README take from lib/ without importing it (the CLI
 * must start fast, the README is prose): if lib/ changes one of these, this fails and says where.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_STACK } from '../../cli/args';
import { APP_STATE_MACHINE_NAME } from '../../cli/localStateMachine';
import { STATE_MACHINE_OUTPUT_KEY } from '../../cli/stateMachineArn';
import { STACK_NAME } from '../../lib/order-saga-app';
import { describeLocalStack } from '../../local/emulator/local-stack';
import { ORDER_SAGA_DEFAULTS } from '../../lib/order-saga-stack';
import { gatewayUnavailableRetry } from '../../lib/workflow/retry-policies';
import { synthesizeOrderSaga } from '../support/synth';

const ROOT = join(__dirname, '..', '..');

test('the CLI looks for the stack bin/order-saga.ts deploys', () => {
  expect(DEFAULT_STACK).toBe(STACK_NAME);
});

test("the CLI reads the output the stack declares for the state machine's ARN", () => {
  const stack = readFileSync(join(ROOT, 'lib', 'order-saga-stack.ts'), 'utf8');
  expect(stack).toMatch(new RegExp(`new CfnOutput\\(this, '${STATE_MACHINE_OUTPUT_KEY}', \\{ value: [\\w.]*stateMachineArn \\}\\)`));
});

test("locally, the CLI picks the state machine by the name the emulator gives the app's, and only that one", () => {
  const { assemblyDir, template } = synthesizeOrderSaga();
  const local = describeLocalStack({ stackName: STACK_NAME, assemblyDir, template });
  const name = local.names.get(local.stateMachine.logicalId) ?? '';
  expect(name).toMatch(APP_STATE_MACHINE_NAME);
  // The ARN the stack's outputs resolve to locally, which the local server serves it under.
  expect(local.outputs[STATE_MACHINE_OUTPUT_KEY]).toBe(local.stateMachine.arn);
  expect(local.stateMachine.arn.endsWith(`:stateMachine:${name}`)).toBe(true);
  const otherNames = [...local.names.values()].filter((n) => n !== name);
  expect(otherNames.filter((n) => APP_STATE_MACHINE_NAME.test(n))).toEqual([]);
}, 60_000);

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
