// 200 executions started at once through the emulator, with mixed outcomes, on real time (no time
// scale: the Retry's backoff is what spreads throttled invocations out, as on AWS). The Lambda host
// has an account's concurrency limit and throttles past it; the saga's Retry must absorb every
// throttle, no step may time out merely from load, and what was confirmed must match the stock.
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator, type ExecutionResult } from '../local/emulator';
import { keptAssemblyDir, synthesizeOrderSaga } from '../local/emulator/assembly';

const EXECUTIONS = 200;
/**
 * Far below an account's default of 1000: on two cores each concurrent invocation is a worker thread.
 * As many environments per function are started ahead (provisioned concurrency), so that no step
 * pays a local cold start, which costs far more here than on Lambda.
 */
const CONCURRENCY_LIMIT = 10;
/** The lamp has 50 in stock: 120 orders of one lamp each leave 70 out of stock. */
const LAMP_ORDERS = 120;
const LAMP_STOCK = 50;

type Order = Record<string, any>;
const PROJECT_ROOT = path.join(__dirname, '..');
const happy = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'examples', 'happy.json'), 'utf8')) as Order;

/**
 * Interleaved: 120 orders of one lamp each (50 can be served, 70 find the shelf empty), 40 of a book
 * that are declined (their release puts books back, never lamps), 40 invalid.
 */
function orders(): Order[] {
  return Array.from({ length: EXECUTIONS }, (_, i) => {
    const order: Order = { ...happy, orderId: `ord-load-${i}`, items: [{ sku: 'SKU-LAMP-003', quantity: 1, unitPrice: 12900 }] };
    if (i % 5 === 1) Object.assign(order, { items: [{ sku: 'SKU-BOOK-001', quantity: 1, unitPrice: 1999 }], payment: { method: 'card', token: 'tok_decline' } });
    if (i % 5 === 3) order.items = [{ sku: 'SKU-LAMP-003', quantity: 0, unitPrice: 12900 }];
    return order;
  });
}

function count(executions: ExecutionResult[], error?: string): number {
  return executions.filter((e) => (error ? e.error === error : e.status === 'SUCCEEDED')).length;
}

function throttles(executions: ExecutionResult[]): number {
  let n = 0;
  for (const e of executions) {
    for (const event of e.history) {
      const details = event.taskFailedEventDetails ?? event.lambdaFunctionFailedEventDetails;
      if (details?.error === 'Lambda.TooManyRequestsException') n++;
    }
  }
  return n;
}

export default async function loadBench(): Promise<void> {
  const emulator = await startEmulator({
    synthesized: synthesizeOrderSaga(keptAssemblyDir('assembly')),
    timeScale: 1,
    concurrencyLimit: CONCURRENCY_LIMIT,
  });
  await emulator.lambda.warmUp(CONCURRENCY_LIMIT);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const batch = orders();
    const started = performance.now();
    const executions = await Promise.all(batch.map((order) => emulator.startExecution(order, { name: order.orderId })));
    const seconds = (performance.now() - started) / 1000;
    await emulator.settle();

    const confirmed = count(executions);
    const outOfStock = count(executions, 'OutOfStock');
    const declined = count(executions, 'PaymentDeclined');
    const invalid = count(executions, 'InvalidOrder');
    const technical = executions.filter((e) => e.status !== 'SUCCEEDED' && !['OutOfStock', 'PaymentDeclined', 'InvalidOrder'].includes(e.error ?? ''));
    const lamp = (await emulator.scan('InventoryTableName')).find((item) => item.sku === 'SKU-LAMP-003');
    console.log('| executions | concurrency limit | wall s | executions/s | throttled invocations (retried) | peak RSS MiB |');
    console.log('|---:|---:|---:|---:|---:|---:|');
    console.log(`| ${EXECUTIONS} | ${CONCURRENCY_LIMIT} | ${seconds.toFixed(1)} | ${(EXECUTIONS / seconds).toFixed(1)} | ${throttles(executions)} | ${(peakRss / 2 ** 20).toFixed(0)} |`);
    console.log(`outcomes: ${confirmed} confirmed, ${outOfStock} out of stock, ${declined} declined, ${invalid} invalid, ${technical.length} technical failures; lamp stock left ${lamp?.stock}`);
    const problems = [
      ...technical.map((e) => `${e.name} failed for a technical reason: ${e.error}: ${e.cause}`),
      ...(confirmed !== LAMP_STOCK || outOfStock !== LAMP_ORDERS - LAMP_STOCK ? [`${confirmed} confirmed and ${outOfStock} out of stock, the stock allows ${LAMP_STOCK} of ${LAMP_ORDERS}`] : []),
      ...(Number(lamp?.stock) !== 0 ? [`lamp stock ${lamp?.stock} left, expected 0`] : []),
      ...(declined !== 40 || invalid !== 40 ? [`${declined} declined and ${invalid} invalid, expected 40 each`] : []),
    ];
    if (problems.length > 0) throw new Error(`load bench: ${problems.join('; ')}`);
  } finally {
    clearInterval(sampler);
    await emulator.stop();
  }
}
