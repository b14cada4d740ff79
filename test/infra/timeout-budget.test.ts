import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import jsonata from 'jsonata';
import { catalog } from '../../seed/catalog';
import { MAX_PAYMENT_CHECKS, ORDER_SAGA_DEFAULTS, OrderSagaStack, OrderSagaStackProps } from '../../lib/order-saga-stack';
import { AslDefinition, CfnTemplate, renderDefinition } from '../support/render-definition';
import { PROJECT_ROOT, synthesizeOrderSaga } from '../support/synth';
import { allStates, longestPathSeconds, stateWorstCaseSeconds } from './definition-walk';

/**
 * The machine's TimeoutSeconds must exceed the worst case of its longest path, computed here from the
 * rendered definition alone (test/infra/definition-walk.ts), so the machine's own timeout never cuts
 * a compensation short. lib/workflow/order-saga-state-machine.ts derives it from the same definition
 * with code of its own; this checks the two agree for several settings.
 */

const WAREHOUSES = new Set(catalog.map((c) => c.warehouse)).size; // one parcel per warehouse at most

/**
 * How many times CheckPayment runs at most: the first `$pollCount` at which IsPaymentSettled?, its
 * own conditions evaluated on a charge still PENDING, no longer goes to WaitForSettlement.
 * `undefined` when no count up to MAX_PAYMENT_CHECKS + 1 leaves the loop: its guard is missing.
 */
async function pollingBound(definition: AslDefinition): Promise<number | undefined> {
  const choice = allStates(definition.States)['IsPaymentSettled?'];
  const rules = choice.Choices!.map((rule) => ({ condition: jsonata(rule.Condition.slice(2, -2)), next: rule.Next }));
  const nextState = async (pollCount: number): Promise<string | undefined> => {
    const bindings = { pollCount, states: { input: { status: 'PENDING' } } };
    for (const rule of rules) if (await rule.condition.evaluate({}, bindings)) return rule.next;
    return choice.Default;
  };
  for (let pollCount = 0; pollCount <= MAX_PAYMENT_CHECKS + 1; pollCount++) {
    if ((await nextState(pollCount)) !== 'WaitForSettlement') return pollCount;
  }
  return undefined;
}

/**
 * The worst case, bounded as the definition says: one parcel per warehouse, the polling loop by its
 * Choice, whose bound must be the stack's maxPaymentChecks (an assertion, not a crash, when it has none).
 */
async function worstCaseSeconds(definition: AslDefinition, props: OrderSagaStackProps = {}): Promise<number> {
  const maxChecks = await pollingBound(definition);
  expect({ 'IsPaymentSettled? leaves the polling loop after checks': maxChecks }).toEqual({
    'IsPaymentSettled? leaves the polling loop after checks': props.maxPaymentChecks ?? ORDER_SAGA_DEFAULTS.maxPaymentChecks,
  });
  return longestPathSeconds(definition, { maxMapItems: WAREHOUSES, maxVisits: maxChecks! + 1 });
}

const CONTEXT = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context;

/** A stack with these settings, its bundling and CloudFormation validation skipped: only the definition matters. */
function definitionWith(props: OrderSagaStackProps): AslDefinition {
  const app = new App({ context: { ...CONTEXT, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
  return renderDefinition(Template.fromStack(new OrderSagaStack(app, 'Budget', props)).toJSON() as CfnTemplate);
}

describe('the deployed definition', () => {
  let definition: AslDefinition;
  beforeAll(() => {
    definition = renderDefinition(synthesizeOrderSaga().template);
  }, 120_000);

  test("a single step's worst case counts every attempt, timeout and backoff", () => {
    const states = allStates(definition.States);
    const options = { maxMapItems: 3, maxVisits: 6 };
    // 1 + 10 (throttling) + 3 (service errors) + 3 (gateway) attempts of 15 s; backoffs
    // 2+4+8+16+30×6 (capped at 30) for throttling, 1+2+4 for each of the other two.
    expect(stateWorstCaseSeconds(states.ChargePayment, options)).toBe(17 * 15 + 210 + 7 + 7);
    // 1 + 5 attempts of 15 s, backoffs 2+4+8+16+30 (32 capped at 30).
    expect(stateWorstCaseSeconds(states.RefundPayment, options)).toBe(6 * 15 + 60);
  });

  test('the polling loop has its guard: a charge still PENDING after maxPaymentChecks checks leaves it', async () => {
    expect(await pollingBound(definition)).toBe(ORDER_SAGA_DEFAULTS.maxPaymentChecks);
  });

  test("the machine's timeout is longer than the worst case of every retry, wait and compensation", async () => {
    const worst = await worstCaseSeconds(definition);
    process.stdout.write(`worst case ${worst} s, machine timeout ${definition.TimeoutSeconds} s\n`);
    expect(worst).toBeGreaterThan(15 * 60); // sanity: the polling loop and three compensations are in it
    expect(definition.TimeoutSeconds).toBeGreaterThan(worst);
  });
});

describe('the timeout follows the settings', () => {
  const settings: OrderSagaStackProps[] = [
    {},
    { maxPaymentChecks: 50 },
    { settlementWaitSeconds: 600 },
    { maxPaymentChecks: 50, settlementWaitSeconds: 600 },
    { maxPaymentChecks: 1, settlementWaitSeconds: 1, shipParcelsConcurrency: 1 },
    { maxPaymentChecks: 1000, settlementWaitSeconds: 3600 },
  ];

  test.each(settings)('with %j it exceeds the worst case of the rendered definition, by a margin, not a blanket', async (props) => {
    const definition = definitionWith(props);
    const worst = await worstCaseSeconds(definition, props);
    expect(definition.TimeoutSeconds).toBeGreaterThan(worst);
    // Derived, not a constant large enough for everything: at most the margin (a quarter) and a minute more.
    expect(definition.TimeoutSeconds).toBeLessThanOrEqual(Math.ceil(worst * 1.25) + 60);
  });

  test('longer polling makes a longer timeout', () => {
    const timeouts = [{ maxPaymentChecks: 5 }, { maxPaymentChecks: 50 }, { maxPaymentChecks: 50, settlementWaitSeconds: 600 }].map(
      (props) => definitionWith(props).TimeoutSeconds!,
    );
    expect(timeouts[1]).toBeGreaterThan(timeouts[0]);
    expect(timeouts[2]).toBeGreaterThan(timeouts[1]);
  });
});

describe('settings that would break the budget fail the synth, naming the property', () => {
  const synth = (props: OrderSagaStackProps) => () => definitionWith(props);

  test('non-positive, fractional or unbounded polling', () => {
    expect(synth({ maxPaymentChecks: 0 })).toThrow('OrderSagaStack: maxPaymentChecks must be an integer from 1 to 1000, got 0');
    expect(synth({ maxPaymentChecks: 2.5 })).toThrow('OrderSagaStack: maxPaymentChecks must be an integer from 1 to 1000, got 2.5');
    // More checks than a Standard execution's 25,000-event history can hold.
    expect(synth({ maxPaymentChecks: 1001 })).toThrow('OrderSagaStack: maxPaymentChecks must be an integer from 1 to 1000, got 1001');
    expect(synth({ settlementWaitSeconds: 0 })).toThrow('OrderSagaStack: settlementWaitSeconds must be an integer ≥ 1, got 0');
    expect(synth({ settlementWaitSeconds: -10 })).toThrow('OrderSagaStack: settlementWaitSeconds must be an integer ≥ 1, got -10');
  });

  test('a polling loop longer than a Standard execution may run (a year)', () => {
    expect(synth({ maxPaymentChecks: 1000, settlementWaitSeconds: 40_000 })).toThrow(
      /^OrderSagaStack: maxPaymentChecks 1000 with settlementWaitSeconds 40000 make an execution's worst case \d+ s, longer than a Standard execution may run \(31536000 s\)/,
    );
  });
});
