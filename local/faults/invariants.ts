/**
 * The saga's invariants, checked once every execution and every invocation it abandoned has
 * finished: what must hold of the tables, the events and the alarms whatever faults AWS produced
 * on the way. Each broken one is named, with the order it concerns.
 */
import { BUSINESS_ERRORS } from '../../lib/workflow/expressions';
import { OUTCOME_NOT_PUBLISHED } from '../../lib/monitoring/outcome-not-published';
import type { BusEvent, Delivery } from '../emulator/event-bus';
import type { ExecutionResult } from '../engine/types';

export type Invariant = 'stock' | 'money' | 'shipments' | 'outcome events' | 'alarm' | 'CompensationFailed' | 'ending';

export interface Violation {
  invariant: Invariant;
  detail: string;
}

type Row = Record<string, any>;

export interface Observation {
  executions: Array<{ execution: ExecutionResult; order: Row }>;
  /** Stock of every SKU before the executions started. */
  stockBefore: Record<string, number>;
  orders: Row[];
  inventory: Row[];
  payments: Row[];
  shipments: Row[];
  events: BusEvent[];
  /** Deliveries of the bus's rules to targets other than the state machine: the alarms' rules. */
  alarmDeliveries: Delivery[];
  /** Whether a compensation here truly cannot finish (a refund the gateway refuses, a fault that never ends). */
  compensationCannotFinish: boolean;
}

/** The states an execution may end in; anything else is an error nobody caught. */
const OUTCOME_OF_ENDING: Record<string, string | undefined> = {
  OrderConfirmed: 'OrderConfirmed',
  OrderRejected: 'OrderRejected',
  OrderFailed: 'OrderFailed',
  CompensationFailed: 'OrderCompensationFailed',
  DuplicateOrder: undefined,
  [OUTCOME_NOT_PUBLISHED]: undefined,
};
const OUTCOME_EVENTS = ['OrderConfirmed', 'OrderRejected', 'OrderFailed', 'OrderCompensationFailed'];
const HOLDING = new Set(['RESERVED', 'CONFIRMED']);

/** The last state an execution entered: where it ended. */
export function endingOf(execution: ExecutionResult): string | undefined {
  const entered = execution.history.filter((event) => event.type?.endsWith('StateEntered'));
  return entered.at(-1)?.stateEnteredEventDetails?.name;
}

interface Ended {
  execution: ExecutionResult;
  order: Row;
  ending: string | undefined;
  /** The order is confirmed by this execution (its outcome event may still have been lost). */
  confirmed: boolean;
  /** What OrderCompensationFailed says is left undone, if the execution ended there. */
  undone?: { compensations: string[]; amount: number; lines: Array<{ sku: string; quantity: number }>; parcelIds: string[] };
}

export function checkInvariants(observed: Observation): Violation[] {
  const violations: Violation[] = [];
  const fail = (invariant: Invariant, detail: string) => violations.push({ invariant, detail });
  const ended = observed.executions.map(({ execution, order }) => describe(execution, order, observed.events));
  const byArn = new Map(ended.map((e) => [e.execution.executionArn, e]));

  for (const e of ended) {
    const name = e.execution.name;
    if (!e.ending || !(e.ending in OUTCOME_OF_ENDING) || (e.execution.status !== 'SUCCEEDED' && e.execution.status !== 'FAILED')) {
      fail('ending', `${name} ended ${e.execution.status} in ${e.ending}: ${e.execution.error ?? ''}`);
    }
    checkOutcomeEvents(e, observed.events, fail);
    checkAlarm(e, observed.alarmDeliveries, fail);
    if ((e.ending === 'CompensationFailed' || e.undone) && !observed.compensationCannotFinish) {
      fail('CompensationFailed', `${name}: ${e.execution.error} although every compensation could finish`);
    }
  }

  checkStock(observed, byArn, fail);
  checkMoney(observed, ended, fail);
  checkShipments(observed, byArn, fail);
  return violations;
}

function describe(execution: ExecutionResult, order: Row, events: BusEvent[]): Ended {
  const ending = endingOf(execution);
  const unpublishedConfirmation = ending === OUTCOME_NOT_PUBLISHED && execution.cause?.startsWith('OrderConfirmed ');
  const compensationFailed =
    events.find((event) => event['detail-type'] === 'OrderCompensationFailed' && (event.detail as Row)?.executionId === execution.executionArn)?.detail ??
    scheduledCompensationFailure(execution);
  return {
    execution,
    order,
    ending,
    confirmed: execution.status === 'SUCCEEDED' || Boolean(unpublishedConfirmation),
    undone: (compensationFailed as Row | undefined)?.undone,
  };
}

/** The OrderCompensationFailed detail the execution tried to publish (EventBridge may have refused it). */
function scheduledCompensationFailure(execution: ExecutionResult): Row | undefined {
  for (const event of execution.history) {
    const parameters = event.taskScheduledEventDetails?.resourceType === 'events' ? event.taskScheduledEventDetails.parameters : undefined;
    const entry = parameters ? (JSON.parse(parameters) as Row).Entries?.[0] : undefined;
    if (entry?.DetailType === 'OrderCompensationFailed') return typeof entry.Detail === 'string' ? JSON.parse(entry.Detail) : entry.Detail;
  }
  return undefined;
}

type Fail = (invariant: Invariant, detail: string) => void;

/** Exactly one distinct outcome per execution, carrying the key consumers deduplicate on. */
function checkOutcomeEvents(e: Ended, events: BusEvent[], fail: Fail): void {
  const name = e.execution.name;
  const orderId = e.order.orderId;
  const outcomes = events.filter((event) => OUTCOME_EVENTS.includes(event['detail-type']));
  const unkeyed = outcomes.filter((event) => (event.detail as Row)?.orderId === orderId && (event.detail as Row)?.executionId === undefined);
  if (unkeyed.length > 0) fail('outcome events', `${unkeyed.length} outcome event(s) of ${orderId} carry no executionId to deduplicate on`);
  const own = outcomes.filter((event) => (event.detail as Row)?.executionId === e.execution.executionArn);
  const distinct = new Set(own.map((event) => event['detail-type']));
  const expected = e.ending === undefined ? undefined : OUTCOME_OF_ENDING[e.ending];
  if (e.ending === OUTCOME_NOT_PUBLISHED) {
    // EventBridge refused it every time; a request that landed after a timeout may still have gone out.
    if (distinct.size > 1) fail('outcome events', `${name}: ${[...distinct].join(' and ')}`);
    return;
  }
  if (expected === undefined) {
    if (distinct.size > 0) fail('outcome events', `${name} ended in ${e.ending} yet published ${[...distinct].join(', ')}`);
    return;
  }
  if (distinct.size !== 1 || !distinct.has(expected)) {
    fail('outcome events', `${name} ended in ${e.ending}: expected one ${expected}, got ${distinct.size ? [...distinct].join(', ') : 'none'}`);
  }
}

/**
 * An alarm exactly where the README says: a technical OrderFailed, every CompensationFailed and every
 * outcome that could not be published; never a business outcome.
 */
function checkAlarm(e: Ended, alarmDeliveries: Delivery[], fail: Fail): void {
  const expected =
    (e.ending === 'OrderFailed' && !(BUSINESS_ERRORS as readonly string[]).includes(e.execution.error ?? '')) ||
    e.ending === 'CompensationFailed' ||
    e.ending === OUTCOME_NOT_PUBLISHED;
  // The outcome-event alarms are rules on the saga's bus; OutcomeNotPublished is watched through Step
  // Functions' own status-change event on the default bus (lib/monitoring), which the local bus does not
  // receive: its final state stands for it.
  const raised =
    alarmDeliveries.some((delivery) => (delivery.event.detail as Row)?.executionId === e.execution.executionArn) || e.ending === OUTCOME_NOT_PUBLISHED;
  if (expected !== raised) fail('alarm', `${e.execution.name} ended in ${e.ending} (${e.execution.error ?? 'no error'}) and ${raised ? 'raised' : 'raised no'} alarm`);
}

/** Stock: seeded minus what the holding orders hold, never negative; only a confirmed order (or one a human must finish) holds. */
function checkStock(observed: Observation, byArn: Map<string, Ended>, fail: Fail): void {
  const held: Record<string, number> = {};
  for (const row of observed.orders) {
    // ConfirmOrder stamps confirmedAt; a release never removes it: a confirmed order was undone.
    if (row.status === 'RELEASED' && row.confirmedAt) fail('stock', `${row.orderId} was CONFIRMED, then released`);
    if (!HOLDING.has(row.status)) continue;
    for (const line of row.lines ?? []) held[line.sku] = (held[line.sku] ?? 0) + Number(line.quantity);
    const owner = byArn.get(row.executionId);
    if (!owner) continue;
    const mayHold =
      (owner.confirmed && row.status === 'CONFIRMED') || (owner.undone?.compensations.includes('ReleaseInventory') && coversLines(owner.undone.lines, row.lines));
    if (!mayHold) fail('stock', `${row.orderId} is ${row.status} and holds stock, but ${owner.execution.name} ended in ${owner.ending}`);
  }
  for (const item of observed.inventory) {
    const sku = String(item.sku);
    const expected = (observed.stockBefore[sku] ?? 0) - (held[sku] ?? 0);
    if (Number(item.stock) < 0) fail('stock', `${sku} is negative (${item.stock})`);
    if (Number(item.stock) !== expected) fail('stock', `${sku}: ${item.stock} in stock, ${expected} expected (seeded minus what holding orders hold)`);
  }
  for (const e of byArn.values()) {
    if (!e.confirmed) continue;
    const row = observed.orders.find((r) => r.orderId === e.order.orderId && r.executionId === e.execution.executionArn);
    if (row?.status !== 'CONFIRMED') fail('stock', `${e.execution.name} confirmed ${e.order.orderId}, whose row is ${row?.status ?? 'missing'}`);
  }
}

function coversLines(named: Array<{ sku: string; quantity: number }>, lines: Array<{ sku: string; quantity: number }> = []): boolean {
  return lines.every((line) => named.some((n) => n.sku === line.sku && Number(n.quantity) >= Number(line.quantity)));
}

/** Money: charges minus refunds equals the totals of confirmed orders; nothing left pending. */
function checkMoney(observed: Observation, ended: Ended[], fail: Fail): void {
  for (const orderId of new Set(ended.map((e) => String(e.order.orderId)))) {
    const entries = observed.payments.filter((entry) => entry.orderId === orderId);
    const charge = entries.find((entry) => entry.entry === 'CHARGE');
    const charged = charge && ['CAPTURED', 'REFUNDED'].includes(charge.status) ? Number(charge.amount) : 0;
    const refunded = entries.filter((entry) => entry.entry === 'REFUND').reduce((sum, entry) => sum + Number(entry.amount), 0);
    const kept = charged - refunded;
    const owner = ended.find((e) => e.execution.executionArn === charge?.executionId);
    const expected = owner?.confirmed ? totalOf(owner.order) : 0;
    const excused = owner?.undone?.compensations.includes('RefundPayment') && kept <= owner.undone.amount;
    if (kept !== expected && !excused) {
      fail('money', `${orderId}: ${kept} kept (charged ${charged}, refunded ${refunded}), ${expected} confirmed (${owner ? `${owner.execution.name} ended in ${owner.ending}` : 'no execution owns the charge'})`);
    }
    if (charge?.status === 'PENDING' && !excused) fail('money', `${orderId}: a charge is still PENDING after its execution ended in ${owner?.ending}`);
  }
}

function totalOf(order: Row): number {
  return (order.items as Row[]).reduce((sum, item) => sum + Number(item.quantity) * Number(item.unitPrice), 0);
}

/** Shipments: none booked for an order that is not confirmed (or that a human must finish). */
function checkShipments(observed: Observation, byArn: Map<string, Ended>, fail: Fail): void {
  for (const row of observed.shipments) {
    if (row.status !== 'CREATED') continue;
    const owner = byArn.get(row.executionId);
    if (!owner) continue;
    const excused = owner.undone?.compensations.includes('CancelShipments') && owner.undone.parcelIds.includes(row.parcelId);
    if (!owner.confirmed && !excused) fail('shipments', `${row.parcelId} is booked, but ${owner.execution.name} ended in ${owner.ending}`);
  }
}
