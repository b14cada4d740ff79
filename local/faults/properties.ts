/**
 * The property run: random orders, valid and malformed, under random fault schedules (what
 * Lambda and the direct integrations do, queued per function in the order they strike), and the same
 * invariants as the matrix after each. fast-check draws them from a seed, so a failure is replayed
 * with `npm run faults -- --runs N --seed S`.
 */
import fc from 'fast-check';
import type { InvokeFault, ServiceFault } from '../emulator';
import { endingText, spreadOver, type FaultLab } from './fault-lab';
import type { Injection } from './scenarios';

/** The catalogue's items, the light ones more often (a piano or a desk soon ends an order: too heavy, too dear). */
const CATALOGUE = [
  { sku: 'SKU-BOOK-001', unitPrice: 1999 },
  { sku: 'SKU-BOOK-001', unitPrice: 1999 },
  { sku: 'SKU-MUG-002', unitPrice: 1299 },
  { sku: 'SKU-MUG-002', unitPrice: 1299 },
  { sku: 'SKU-LAMP-003', unitPrice: 12900 },
  { sku: 'SKU-DESK-004', unitPrice: 89900 },
  { sku: 'SKU-PIANO-005', unitPrice: 499900 },
  { sku: 'SKU-RARE-006', unitPrice: 500 },
];
const TOKENS = ['tok_visa', 'tok_decline', 'tok_transient_2', 'tok_transient_5', 'tok_pending_settles', 'tok_pending_never', 'tok_refund_fails', 'tok_timeout_after_charge'];
const FORWARD = ['validateOrder', 'assessFraudRisk', 'verifyAddress', 'reserveInventory', 'chargePayment', 'checkPayment', 'createShipment'];
const COMPENSATIONS = ['cancelShipments', 'refundPayment', 'releaseInventory'];
/** Fewer faults than a compensation's attempts (6): it must always finish, unless the gateway refuses. */
const MAX_FAULTS_PER_COMPENSATION = 5;

const invokeFault: fc.Arbitrary<InvokeFault> = fc.oneof(
  fc.constant<InvokeFault>({ kind: 'throttle' }),
  fc.constant<InvokeFault>({ kind: 'timeout' }),
  fc.constant<InvokeFault>({ kind: 'service-error', name: 'ServiceException' }),
  fc.constant<InvokeFault>({ kind: 'late' }),
  fc.constant<InvokeFault>({ kind: 'hang-after-commit' }),
  fc.constant<InvokeFault>({ kind: 'crash' }),
  fc.constant<InvokeFault>({ kind: 'service-error-after-commit' }),
  fc.boolean().map<InvokeFault>((overlapping) => ({ kind: 'duplicate', overlapping })),
);

const serviceFault: fc.Arbitrary<ServiceFault> = fc.oneof(
  fc.constant<ServiceFault>({ kind: 'error', name: 'ThrottlingException' }),
  fc.constant<ServiceFault>({ kind: 'late', delaySeconds: 12 }),
  fc.constant<ServiceFault>({ kind: 'hang-after-commit', delaySeconds: 12 }),
  fc.constant<ServiceFault>({ kind: 'error-after-commit', name: 'InternalServerErrorException' }),
);

const injection: fc.Arbitrary<Injection> = fc.oneof(
  fc.record({ handler: fc.constantFrom(...FORWARD), faults: fc.array(invokeFault, { minLength: 1, maxLength: 3 }) }),
  fc.record({ handler: fc.constantFrom(...COMPENSATIONS), faults: fc.array(invokeFault, { minLength: 1, maxLength: MAX_FAULTS_PER_COMPENSATION }) }),
  fc.record({
    service: fc.constantFrom({ putEvents: 'OrderConfirmed' }, { putEvents: 'OrderFailed' }, { putEvents: 'OrderRejected' }, { dynamodb: 'UpdateItemCommand', tableOutput: 'OrdersTableName' }),
    faults: fc.array(serviceFault, { minLength: 1, maxLength: 4 }),
  }),
);

/** An order: mostly valid, sometimes malformed in one field, sometimes risky or high-value. */
const order = fc
  .record({
    lines: fc.uniqueArray(fc.record({ item: fc.constantFrom(...CATALOGUE), quantity: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 3, selector: (l) => l.item.sku }),
    token: fc.constantFrom(...TOKENS),
    risky: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    country: fc.constantFrom('IE', 'DE', 'IE', 'ZZ'),
    // One order in six breaks one rule of the contract.
    malformed: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.constantFrom('quantity', 'currency', 'items'), weight: 1 }),
  })
  .map(({ lines, token, risky, country, malformed }) => {
    const o: Record<string, any> = {
      customerId: risky ? 'risky-prop' : 'cust-prop',
      currency: 'EUR',
      items: lines.map(({ item, quantity }) => ({ sku: item.sku, quantity, unitPrice: item.unitPrice })),
      payment: { method: 'card', token },
      shipping: { address: { name: 'Prop Erty', line1: '1 Main St', city: 'Dublin', postalCode: 'D01', country }, express: false },
    };
    if (malformed === 'quantity') o.items[0].quantity = 0;
    if (malformed === 'currency') o.currency = 'euro';
    if (malformed === 'items') o.items = 'none';
    return o;
  });

const scenario = fc.record({
  order,
  // The same order started twice at once, one time in five.
  twice: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  injections: fc.array(injection, { maxLength: 3 }),
});

/** Compensation faults summed per function stay below its attempts, so only a refused refund may give up. */
function withinCompensationBudget(injections: Injection[]): boolean {
  const counts = new Map<string, number>();
  for (const i of injections) if ('handler' in i && COMPENSATIONS.includes(i.handler)) counts.set(i.handler, (counts.get(i.handler) ?? 0) + i.faults.length);
  return [...counts.values()].every((n) => n <= MAX_FAULTS_PER_COMPENSATION);
}

export interface PropertyReport {
  holds: boolean;
  text: string;
}

/**
 * Draws `runs` scenarios from the seed (the same seed draws the same scenarios) and runs them spread
 * over the labs, each on fresh tables. Every failing scenario is reported with its number, so
 * `--seed S --runs N` replays it.
 */
export async function runProperties(labs: FaultLab[], options: { runs: number; seed?: number }): Promise<PropertyReport> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const scenarios = fc.sample(scenario.filter((s) => withinCompensationBudget(s.injections)), { seed, numRuns: options.runs });
  const failures: string[] = [];
  const endings = new Map<string, number>();
  await spreadOver(labs, scenarios, async (lab, s, at) => {
    const orders = s.twice ? [s.order, s.order] : [s.order];
    const outcome = await lab.run({ samples: [], injections: s.injections }, s.order.payment?.token === 'tok_refund_fails', orders);
    for (const e of outcome.executions) endings.set(endingText(e), (endings.get(endingText(e)) ?? 0) + 1);
    if (outcome.violations.length === 0) return;
    failures.push(
      [
        `scenario ${at + 1}: ${JSON.stringify(s)}`,
        `  endings: ${outcome.executions.map(endingText).join('; ')}`,
        ...outcome.violations.map((v) => `  - ${v.invariant}: ${v.detail}`),
      ].join('\n'),
    );
  });
  const replay = `npm run faults -- --runs ${options.runs} --seed ${seed}`;
  const seen = [...endings].sort(([a], [b]) => a.localeCompare(b)).map(([ending, n]) => `${ending} ×${n}`).join(', ');
  if (failures.length === 0) return { holds: true, text: `property run: ${scenarios.length} random orders under random fault schedules held every invariant (seed ${seed}); endings: ${seen}` };
  return { holds: false, text: [`property run FAILED in ${failures.length} of ${scenarios.length} scenarios, seed ${seed} (replay: ${replay})`, ...failures].join('\n') };
}
