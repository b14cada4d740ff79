/**
 * The samples in examples/ against docs/design.md, and the README's outcomes table against the
 * samples. Every expectation below is written by hand from design.md: the order rules, the
 * catalogue, the test tokens, the risk rules and the workflow's paths.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const EVENT_FILE = 'order-placed-event.json';

// docs/design.md, "Catalogue".
const CATALOGUE: Record<string, { warehouse: string; stock: number; weightGrams: number }> = {
  'SKU-BOOK-001': { warehouse: 'WH-DUBLIN', stock: 100, weightGrams: 500 },
  'SKU-MUG-002': { warehouse: 'WH-DUBLIN', stock: 100, weightGrams: 350 },
  'SKU-LAMP-003': { warehouse: 'WH-BERLIN', stock: 50, weightGrams: 2000 },
  'SKU-DESK-004': { warehouse: 'WH-BERLIN', stock: 20, weightGrams: 25000 },
  'SKU-PIANO-005': { warehouse: 'WH-MADRID', stock: 5, weightGrams: 250000 },
  'SKU-RARE-006': { warehouse: 'WH-DUBLIN', stock: 0, weightGrams: 100 },
};
// docs/design.md, "Simulated payment gateway: test tokens" (the named ones only).
const DOCUMENTED_TOKEN =
  /^(tok_visa|tok_mastercard|tok_decline|tok_transient_[1-9]|tok_timeout_after_charge|tok_pending_settles|tok_pending_never|tok_refund_fails)$/;
const SHIPS_TO = ['US', 'CA', 'GB', 'IE', 'DE', 'FR', 'NL', 'ES', 'IT'];
const HIGH_VALUE_THRESHOLD = 100_000; // the stack's default
const MAX_PARCEL_GRAMS = 30_000;
// ChargePayment's Retry for PaymentGatewayUnavailable (lib/workflow/retry-policies.ts): 3 retries.
const GATEWAY_RETRIES = 3;

type Order = Record<string, any>;

interface Outcome {
  finalState: 'OrderConfirmed' | 'OrderRejected' | 'OrderFailed' | 'CompensationFailed' | 'DuplicateOrder';
  /** The execution's Error, for a failed execution. */
  error?: string;
  events: string[];
  orderRow: 'CONFIRMED' | 'RELEASED' | 'RESERVED' | 'REJECTED' | 'none';
}

// One entry per row of the README's outcomes table.
const EXPECTED: Record<string, Outcome> = {
  happy: { finalState: 'OrderConfirmed', events: ['OrderConfirmed'], orderRow: 'CONFIRMED' },
  'happy-two-parcels': { finalState: 'OrderConfirmed', events: ['OrderConfirmed'], orderRow: 'CONFIRMED' },
  'high-value-accepted': { finalState: 'OrderConfirmed', events: ['OrderConfirmed'], orderRow: 'CONFIRMED' },
  'fraud-rejected': { finalState: 'OrderRejected', error: 'FraudRiskTooHigh', events: ['OrderRejected'], orderRow: 'none' },
  'address-rejected': { finalState: 'OrderRejected', error: 'AddressUndeliverable', events: ['OrderRejected'], orderRow: 'none' },
  invalid: { finalState: 'OrderRejected', error: 'InvalidOrder', events: ['OrderRejected'], orderRow: 'none' },
  'out-of-stock': { finalState: 'OrderFailed', error: 'OutOfStock', events: ['OrderFailed'], orderRow: 'REJECTED' },
  declined: { finalState: 'OrderFailed', error: 'PaymentDeclined', events: ['OrderFailed'], orderRow: 'RELEASED' },
  'settled-after-polling': { finalState: 'OrderConfirmed', events: ['OrderConfirmed'], orderRow: 'CONFIRMED' },
  'never-settled': { finalState: 'OrderFailed', error: 'PaymentDeclined', events: ['OrderFailed'], orderRow: 'RELEASED' },
  'charged-then-timed-out': { finalState: 'OrderFailed', error: 'States.Timeout', events: ['OrderFailed'], orderRow: 'RELEASED' },
  'undeliverable-parcel': { finalState: 'OrderFailed', error: 'ParcelUndeliverable', events: ['OrderFailed'], orderRow: 'RELEASED' },
  'transient-fault-recovered': { finalState: 'OrderConfirmed', events: ['OrderConfirmed'], orderRow: 'CONFIRMED' },
  'compensation-failed': {
    finalState: 'CompensationFailed',
    error: 'RefundFailed',
    events: ['OrderCompensationFailed'],
    orderRow: 'RESERVED',
  },
  // The second run with the same orderId; the first is the happy path.
  duplicate: { finalState: 'DuplicateOrder', error: 'DuplicateOrder', events: [], orderRow: 'CONFIRMED' },
};

/** The field paths of the order rules in docs/design.md ("Order") that `order` breaks. */
function ruleViolations(order: Order): string[] {
  const broken: string[] = [];
  const isText = (v: unknown, max = Infinity) => typeof v === 'string' && v.length >= 1 && v.length <= max;
  const isInt = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

  if (!(typeof order.orderId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(order.orderId))) broken.push('orderId');
  if (!isText(order.customerId, 64)) broken.push('customerId');
  if (!(typeof order.currency === 'string' && /^[A-Z]{3}$/.test(order.currency))) broken.push('currency');
  if (!Array.isArray(order.items) || order.items.length < 1 || order.items.length > 50) {
    broken.push('items');
  } else {
    const seen = new Set<string>();
    order.items.forEach((item: Order, i: number) => {
      if (!isText(item?.sku) || seen.has(item.sku)) broken.push(`items[${i}].sku`);
      seen.add(item?.sku);
      if (!isInt(item?.quantity, 1, 1000)) broken.push(`items[${i}].quantity`);
      if (!isInt(item?.unitPrice, 0, Number.MAX_SAFE_INTEGER)) broken.push(`items[${i}].unitPrice`);
    });
    if (total(order) > 100_000_000) broken.push('total');
  }
  if (!['card', 'wallet'].includes(order.payment?.method)) broken.push('payment.method');
  if (!isText(order.payment?.token)) broken.push('payment.token');
  for (const field of ['name', 'line1', 'city', 'postalCode', 'country']) {
    if (!isText(order.shipping?.address?.[field])) broken.push(`shipping.address.${field}`);
  }
  if (order.shipping?.express !== undefined && typeof order.shipping.express !== 'boolean') broken.push('shipping.express');
  return broken;
}

function total(order: Order): number {
  return order.items.reduce((sum: number, i: Order) => sum + i.quantity * i.unitPrice, 0);
}

/** Where an order's first execution ends, by the rules of docs/design.md ("Workflow" and the simulators). */
function predictFinalState(order: Order): { finalState: Outcome['finalState']; error?: string } {
  if (ruleViolations(order).length > 0) return { finalState: 'OrderRejected', error: 'InvalidOrder' };
  if (total(order) >= HIGH_VALUE_THRESHOLD) {
    if (order.customerId.startsWith('risky-')) return { finalState: 'OrderRejected', error: 'FraudRiskTooHigh' };
    const { country, postalCode } = order.shipping.address;
    if (!SHIPS_TO.includes(country) || postalCode === '00000') {
      return { finalState: 'OrderRejected', error: 'AddressUndeliverable' };
    }
  }
  for (const { sku, quantity } of order.items) {
    if (!CATALOGUE[sku]) return { finalState: 'OrderFailed', error: 'UnknownSku' };
    if (quantity > CATALOGUE[sku].stock) return { finalState: 'OrderFailed', error: 'OutOfStock' };
  }
  const token: string = order.payment.token;
  if (token === 'tok_decline' || token === 'tok_pending_never') return { finalState: 'OrderFailed', error: 'PaymentDeclined' };
  if (token === 'tok_timeout_after_charge') return { finalState: 'OrderFailed', error: 'States.Timeout' };
  const transient = /^tok_transient_(\d)$/.exec(token);
  if (transient && Number(transient[1]) > GATEWAY_RETRIES) {
    return { finalState: 'OrderFailed', error: 'PaymentGatewayUnavailable' };
  }
  const grams = new Map<string, number>();
  for (const { sku, quantity } of order.items) {
    const { warehouse, weightGrams } = CATALOGUE[sku];
    grams.set(warehouse, (grams.get(warehouse) ?? 0) + quantity * weightGrams);
  }
  if ([...grams.values()].some((g) => g > MAX_PARCEL_GRAMS)) {
    return token === 'tok_refund_fails'
      ? { finalState: 'CompensationFailed', error: 'RefundFailed' }
      : { finalState: 'OrderFailed', error: 'ParcelUndeliverable' };
  }
  return { finalState: 'OrderConfirmed' };
}

const exampleNames = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json') && f !== EVENT_FILE)
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const examples: [string, Order][] = exampleNames.map((name) => [
  name,
  JSON.parse(readFileSync(join(EXAMPLES, `${name}.json`), 'utf8')),
]);
const placedEntries = JSON.parse(readFileSync(join(EXAMPLES, EVENT_FILE), 'utf8'));
const placedOrder: Order = JSON.parse(placedEntries[0].Detail);
const valid = examples.filter(([name]) => name !== 'invalid');

describe('examples/', () => {
  test('there is one sample per outcome, and no other', () => {
    expect(examples.map(([name]) => name)).toEqual(Object.keys(EXPECTED).sort());
  });

  test.each(valid)('%s.json follows the order shape', (_name, order) => {
    expect(ruleViolations(order)).toEqual([]);
  });

  test('invalid.json breaks exactly one documented rule: a quantity of zero', () => {
    const invalid = examples.find(([name]) => name === 'invalid')?.[1] as Order;
    expect(ruleViolations(invalid)).toEqual(['items[0].quantity']);
  });

  test.each([...examples, ['order-placed-event', placedOrder] as [string, Order]])(
    '%s uses only catalogue SKUs and a documented test token',
    (_name, order) => {
      for (const { sku } of order.items) expect(Object.keys(CATALOGUE)).toContain(sku);
      expect(order.payment.token).toMatch(DOCUMENTED_TOKEN);
    },
  );

  test('every orderId is unique', () => {
    const ids = [...examples.map(([, order]) => order.orderId), placedOrder.orderId];
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(examples)('%s.json takes the path its name promises', (name, order) => {
    const { finalState, error } = EXPECTED[name];
    // duplicate.json's first run is a happy one; its second ends in DuplicateOrder.
    const expected = name === 'duplicate' ? { finalState: 'OrderConfirmed' } : { finalState, ...(error ? { error } : {}) };
    expect(predictFinalState(order)).toEqual(expected);
  });

  test('the high-value samples are at or above the threshold, the others below it', () => {
    const highValue = ['high-value-accepted', 'fraud-rejected', 'address-rejected', 'undeliverable-parcel', 'compensation-failed'];
    for (const [name, order] of valid) {
      expect([name, total(order) >= HIGH_VALUE_THRESHOLD]).toEqual([name, highValue.includes(name)]);
    }
  });

  test('order-placed-event.json is one put-events entry whose Detail is an order', () => {
    expect(placedEntries).toHaveLength(1);
    expect(placedEntries[0]).toEqual({
      EventBusName: 'REPLACE_WITH_EventBusName_OUTPUT', // the README's walkthrough substitutes the stack output
      Source: 'order-saga.shop',
      DetailType: 'OrderPlaced',
      Detail: expect.any(String),
    });
    expect(ruleViolations(placedOrder)).toEqual([]);
    expect(predictFinalState(placedOrder)).toEqual({ finalState: 'OrderConfirmed' });
  });
});

describe('the real ValidateOrder handler', () => {
  let validate: (event: unknown) => Promise<Order>;
  beforeAll(() => {
    // Its structured logs would only be noise here (test/lambda checks what they hold). The logger
    // reads the level when the module loads, hence a require after setting it, not an import.
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    validate = (require('../../lambda/validate-order') as typeof import('../../lambda/validate-order')).handler;
  });

  test.each([...valid, ['order-placed-event', placedOrder] as [string, Order]])(
    'accepts %s and computes the total written above',
    async (_name, order) => {
      await expect(validate(order)).resolves.toMatchObject({ orderId: order.orderId, total: total(order) });
    },
  );

  test('rejects invalid.json with InvalidOrder naming items[0].quantity', async () => {
    const invalid = examples.find(([name]) => name === 'invalid')?.[1];
    await expect(validate(invalid)).rejects.toMatchObject({
      name: 'InvalidOrder',
      message: expect.stringMatching(/^items\[0\]\.quantity: /),
    });
  });
});

describe('the rule checker used above', () => {
  const happy = examples.find(([name]) => name === 'happy')?.[1] as Order;
  const variant = (change: (o: Order) => void) => {
    const copy = structuredClone(happy);
    change(copy);
    return copy;
  };
  test.each<[string, (o: Order) => void]>([
    ['orderId', (o) => (o.orderId = 'has space')],
    ['currency', (o) => (o.currency = 'eur')],
    ['items[1].sku', (o) => (o.items[1].sku = o.items[0].sku)],
    ['items[0].unitPrice', (o) => (o.items[0].unitPrice = 19.99)],
    ['payment.method', (o) => (o.payment.method = 'cash')],
    ['shipping.address.country', (o) => delete o.shipping.address.country],
    ['total', (o) => (o.items[0].unitPrice = 60_000_000)],
  ])('catches a broken %s', (path, change) => {
    expect(ruleViolations(variant(change))).toEqual([path]);
  });
});

describe('README.md', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const design = readFileSync(join(ROOT, 'docs', 'design.md'), 'utf8');
  const outcomes = readme.slice(readme.indexOf('## Outcomes'), readme.indexOf('\n## ', readme.indexOf('## Outcomes') + 1));
  const rows = outcomes
    .split('\n')
    .filter((line) => line.startsWith('| [`examples/'))
    .map((line) => line.slice(1, -1).split('|').map((cell) => cell.trim()));
  const rowFor = (name: string) => rows.find((cells) => cells[0] === `[\`examples/${name}.json\`](examples/${name}.json)`);
  const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

  test('the outcomes table has one row per example file, and every row names one', () => {
    expect(rows.map((cells) => cells[0].match(/^\[`examples\/([a-z-]+)\.json`\]/)?.[1]).sort()).toEqual(
      examples.map(([name]) => name),
    );
  });

  test('every row has the nine columns of the header', () => {
    const header = outcomes.split('\n').find((line) => line.startsWith('| Example'));
    expect(header?.slice(1, -1).split('|').map((c) => c.trim())).toEqual([
      'Example', 'States visited', 'Final state', 'Execution', 'Events', 'Order row', 'Stock', 'Ledger', 'Shipments',
    ]);
    for (const cells of rows) expect(cells).toHaveLength(9);
  });

  test.each(Object.entries(EXPECTED))('the %s row says where it ends, how and with which events', (name, outcome) => {
    const [, states, finalState, execution, events, orderRow] = rowFor(name) ?? [];
    expect(states).toMatch(new RegExp(`${outcome.finalState}$`));
    expect(finalState).toBe(`\`${outcome.finalState}\``);
    if (outcome.error) {
      expect(execution).toMatch(/^FAILED /);
      expect(backticked(execution)[0]).toBe(outcome.error);
    } else {
      expect(execution).toBe('SUCCEEDED');
    }
    expect(backticked(events)).toEqual(outcome.events);
    expect(orderRow).toContain(outcome.orderRow);
  });

  test('its test tokens and catalogue are design.md’s', () => {
    const rowsStarting = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));
    expect(rowsStarting(readme, '| SKU-')).toEqual(rowsStarting(design, '| SKU-'));
    expect(rowsStarting(readme, '| `tok_')).toEqual(rowsStarting(design, '| `tok_'));
    expect(rowsStarting(readme, '| SKU-')).toHaveLength(Object.keys(CATALOGUE).length);
    expect(rowsStarting(readme, '| `tok_')).toHaveLength(7);
  });

  test('keeps the markers of the generated workflow diagram in its Workflow section', () => {
    const workflow = readme.slice(readme.indexOf('## Workflow'), readme.indexOf('\n## ', readme.indexOf('## Workflow') + 1));
    expect(workflow).toContain('<!-- workflow-diagram:start -->');
    expect(workflow).toContain('<!-- workflow-diagram:end -->');
  });

  test('its console sample is examples/happy.json', () => {
    const section = readme.slice(readme.indexOf('## Example to paste into the console'));
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    expect(JSON.parse(json)).toEqual(examples.find(([name]) => name === 'happy')?.[1]);
  });
});
