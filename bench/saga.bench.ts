// Saga executions per second on the happy path, with the real handler bundles (each in its worker
// sandbox) and DynamoDB Local, against the same handlers called directly in sequence with the same
// side effects the state machine adds through its integrations (ConfirmOrder's UpdateItem and the
// OrderConfirmed PutEvents), without the engine. Both in one run, alternating order by order, so the
// ratio is the engine's overhead and not the machine's mood.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startEmulator, type Emulator } from '../local/emulator';
import { handlerFunctionIds, keptAssemblyDir, synthesizeOrderSaga } from '../local/emulator/assembly';

const PROJECT_ROOT = path.join(__dirname, '..');
/** Orders per round and way: one book and one mug each, 80 of the seeded 100 of each. */
const ORDERS_PER_ROUND = 40;
const ROUNDS = 7;

type Order = Record<string, any>;

function happyOrder(n: number): Order {
  const order = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'examples', 'happy.json'), 'utf8')) as Order;
  order.orderId = `ord-bench-${n}`;
  order.items = [
    { sku: 'SKU-BOOK-001', quantity: 1, unitPrice: 1999 },
    { sku: 'SKU-MUG-002', quantity: 1, unitPrice: 1299 },
  ];
  return order;
}

/**
 * Time the engine spends outside its tasks (transitions, Choice rules, JSONata for Output and
 * Assign, history), read from the history as it is recorded: everything but TaskScheduled to
 * TaskSucceeded, where the handler or the integration runs. A second view of the overhead, from the
 * same executions, that the machine's noise between two timed ways does not blur.
 */
const engineOwnTime = { outsideTasksMs: 0, totalMs: 0 };

/** The saga as the state machine runs it. */
async function throughTheEngine(emulator: Emulator, order: Order): Promise<void> {
  let scheduledAt = 0;
  let inTasks = 0;
  const started = performance.now();
  const execution = await emulator.startExecution(order, {
    onEvent: (event) => {
      if (event.type === 'TaskScheduled') scheduledAt = performance.now();
      if (event.type === 'TaskSucceeded' || event.type === 'TaskFailed') inTasks += performance.now() - scheduledAt;
    },
  });
  const total = performance.now() - started;
  engineOwnTime.totalMs += total;
  engineOwnTime.outsideTasksMs += total - inTasks;
  if (execution.status !== 'SUCCEEDED') throw new Error(`saga bench: ${order.orderId} ended ${execution.status} ${execution.error}: ${execution.cause}`);
}

/**
 * The same work without the engine: each handler with the payload the definition builds for it,
 * then ConfirmOrder's conditional UpdateItem and the OrderConfirmed event.
 */
function directly(emulator: Emulator, functionOf: (handler: string) => string) {
  const executionId = (orderId: string) => `arn:aws:states:us-east-1:000000000000:execution:direct:${orderId}`;
  const invoke = (handler: string, payload: unknown) => emulator.lambda.invoke(functionOf(handler), payload) as Promise<any>;
  return async (order: Order): Promise<void> => {
    const id = executionId(order.orderId);
    const valid = await invoke('validateOrder', order);
    const reserved = await invoke('reserveInventory', {
      orderId: valid.orderId,
      executionId: id,
      customerId: valid.customerId,
      currency: valid.currency,
      total: valid.total,
      items: valid.items.map((item: { sku: string; quantity: number }) => ({ sku: item.sku, quantity: item.quantity })),
    });
    const charge = await invoke('chargePayment', { orderId: valid.orderId, executionId: id, amount: valid.total, currency: valid.currency, payment: valid.payment });
    if (charge.status !== 'CAPTURED') throw new Error(`saga bench: the direct charge of ${order.orderId} is ${charge.status}`);
    const shipments = await Promise.all(
      reserved.parcels.map((parcel: unknown) => invoke('createShipment', { orderId: valid.orderId, executionId: id, parcel })),
    );
    const shipped = shipments.map((s: { parcelId: string; shipmentId: string; trackingNumber: string }) => ({
      parcelId: s.parcelId,
      shipmentId: s.shipmentId,
      trackingNumber: s.trackingNumber,
    }));
    const now = new Date().toISOString();
    await emulator.dynamodb.send(
      new UpdateCommand({
        TableName: emulator.outputs.OrdersTableName,
        Key: { orderId: valid.orderId },
        ConditionExpression: '#status = :reserved AND executionId = :executionId',
        UpdateExpression: 'SET #status = :confirmed, shipments = :shipments, confirmedAt = :now, updatedAt = :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':reserved': 'RESERVED', ':confirmed': 'CONFIRMED', ':executionId': id, ':now': now, ':shipments': shipped },
      }),
    );
    await emulator.bus.putEvents([
      {
        EventBusName: emulator.outputs.EventBusName,
        Source: 'order-saga.workflow',
        DetailType: 'OrderConfirmed',
        Detail: { orderId: valid.orderId, customerId: valid.customerId, total: valid.total, currency: valid.currency, shipments: shipped },
      },
    ]);
  };
}

/**
 * One round from the seeded tables: the two ways alternate order by order, so both meet the same
 * machine (a busy moment slows both), and take turns going first (A B, B A, ...): measured against
 * itself, whichever runs first in a pair is several percent slower, which would otherwise count as
 * overhead. Returns orders per second of each way (the reset is not timed).
 */
async function round(emulator: Emulator, ways: Array<(order: Order) => Promise<void>>, first: number): Promise<number[]> {
  await emulator.reset();
  const seconds = ways.map(() => 0);
  for (let i = 0; i < ORDERS_PER_ROUND; i++) {
    const turn = i % 2 === 0 ? [...ways.keys()] : [...ways.keys()].reverse();
    for (const w of turn) {
      const started = process.hrtime.bigint();
      await ways[w](happyOrder(first + i * ways.length + w));
      seconds[w] += Number(process.hrtime.bigint() - started) / 1e9;
    }
  }
  return seconds.map((s) => ORDERS_PER_ROUND / s);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export default async function sagaBench(): Promise<void> {
  const synthesized = synthesizeOrderSaga(keptAssemblyDir('bench-assembly'));
  const ids = handlerFunctionIds(synthesized.template);
  // timeScale 0: no step waits on the happy path, and the virtual clock never fires a task timeout.
  const emulator = await startEmulator({ synthesized, timeScale: 0 });
  try {
    const direct = directly(emulator, (handler) => ids.get(handler)!);
    const viaEngine = (order: Order) => throughTheEngine(emulator, order);
    // Warm-up: JIT, SDK connections, DynamoDB Local's own warm-up.
    await round(emulator, [viaEngine, direct], 0);
    const engineRates: number[] = [];
    const directRates: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const [engineRate, directRate] = await round(emulator, [viaEngine, direct], 1000 * (r + 1));
      engineRates.push(engineRate);
      directRates.push(directRate);
    }
    // Best round of each (the one least disturbed by the rest of the machine), as engine.bench.ts does;
    // the medians show how much the rounds varied.
    const saga = Math.max(...engineRates);
    const plain = Math.max(...directRates);
    const overhead = (ratePerOrder: [number, number]) => ratePerOrder[1] / ratePerOrder[0] - 1;
    console.log(
      `happy path (4 handlers, UpdateItem, PutEvents), ${ORDERS_PER_ROUND} orders one after another, best and median of ${ROUNDS} rounds ` +
        `(node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
    );
    console.log('| run | orders/s (best) | ms per order (best) | orders/s (median) |\n|---|---:|---:|---:|');
    console.log(`| saga on the local engine | ${saga.toFixed(1)} | ${(1000 / saga).toFixed(1)} | ${median(engineRates).toFixed(1)} |`);
    console.log(`| same handlers called directly | ${plain.toFixed(1)} | ${(1000 / plain).toFixed(1)} | ${median(directRates).toFixed(1)} |`);
    // The extra time per order that the engine adds to the same work.
    console.log(
      `engine overhead: ${(overhead([saga, plain]) * 100).toFixed(1)}% best, ${(overhead([median(engineRates), median(directRates)]) * 100).toFixed(1)}% median (target < 10%)`,
    );
    const share = engineOwnTime.outsideTasksMs / (engineOwnTime.totalMs - engineOwnTime.outsideTasksMs);
    console.log(
      `engine time outside its tasks, from the histories: ${(engineOwnTime.outsideTasksMs / (ROUNDS + 1) / ORDERS_PER_ROUND).toFixed(2)} ms per order, ` +
        `${(share * 100).toFixed(1)}% on top of the time in handlers and integrations`,
    );
  } finally {
    await emulator.stop();
  }
}
