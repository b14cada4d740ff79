// The local Step Functions API as a client meets it: the server started in this process on a free
// port, driven by the unmodified @aws-sdk/client-sfn over loopback HTTP. Three numbers for the
// happy order: the latency from StartExecution to the terminal status that DescribeExecution
// reports; executions per second with 50 in flight; and what the HTTP layer (with the service's
// bookkeeping behind it: execution store, history, polling) adds over calling the emulator
// directly, measured A/B in the same run so the ratio does not depend on the machine's mood.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand, type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keptAssemblyDir, synthesizeOrderSaga } from '../local/emulator/assembly';
import { startLocalServer, type LocalServer } from '../local/server/start-server';

// Node 20 is supported here (package.json engines); the SDK's notice about Node 22 would sit in the table's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const PROJECT_ROOT = path.join(__dirname, '..');
const BOOK = 'SKU-BOOK-001';
/** 100 books are seeded and each order takes one: a round of pairs stays under that, then the tables are reset. */
const PAIRS_PER_ROUND = 45;
const ROUNDS = 3;
/** Executions of the throughput run, kept 50 in flight. */
const IN_FLIGHT = 50;
const THROUGHPUT_EXECUTIONS = 300;
/**
 * DescribeExecution's polling interval for the sequential runs: short next to an execution (tens of
 * ms), so the latency is the server's and not the poller's (it adds half an interval on average,
 * and it is in the A side of the ratio too). With 50 in flight a longer one, or the polls
 * themselves (50 clients every 5 ms is 10,000 requests/s) would be what is measured.
 */
const POLL_MS = 5;
const POLL_MS_IN_FLIGHT = 25;

type Order = Record<string, any>;
const template = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'examples', 'happy.json'), 'utf8')) as Order;
let serial = 0;
/** examples/happy.json with a fresh orderId and one book only, so a reset's stock lasts 100 orders. */
function happyOrder(): Order {
  return { ...template, orderId: `ord-api-bench-${process.pid}-${++serial}`, items: [{ sku: BOOK, quantity: 1, unitPrice: 1999 }] };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Timed {
  /** StartExecution sent to the terminal status seen (ms). */
  latencyMs: number;
  /** The execution's own duration as the server reports it (stopDate - startDate, ms). */
  runMs: number;
  requests: number;
}

/** Way A: StartExecution, then DescribeExecution every `pollMs` until the status is no longer RUNNING. */
async function throughTheApi(sfn: SFNClient, stateMachineArn: string, order: Order, pollMs: number): Promise<Timed> {
  const started = performance.now();
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: order.orderId, input: JSON.stringify(order) }));
  let requests = 1;
  let described: DescribeExecutionCommandOutput;
  for (;;) {
    described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    requests++;
    if (described.status !== 'RUNNING') break;
    await sleep(pollMs);
  }
  const latencyMs = performance.now() - started;
  if (described.status !== 'SUCCEEDED') {
    // Say which state failed and how: a failure is either a bug or the machine's load, never noise.
    const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 8 }));
    const last = events.map((e) => `${e.type} ${JSON.stringify(e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name ?? e.taskTimedOutEventDetails ?? e.taskFailedEventDetails ?? '')}`);
    throw new Error(`api bench: ${order.orderId} ended ${described.status} ${described.error}: ${described.cause}; last events: ${last.join(' <- ')}`);
  }
  return { latencyMs, runMs: described.stopDate!.getTime() - described.startDate!.getTime(), requests };
}

/** Way B: the same order through the emulator's own machine, in process, no HTTP and no service. */
async function directly(server: LocalServer, order: Order): Promise<number> {
  const started = performance.now();
  const execution = await server.emulator.startExecution(order);
  const ms = performance.now() - started;
  if (execution.status !== 'SUCCEEDED') throw new Error(`api bench: ${order.orderId} ended ${execution.status} ${execution.error}: ${execution.cause}`);
  return ms;
}

/**
 * One round from freshly seeded tables: A and B alternate order by order and take turns going first
 * (A B, B A, ...), since whichever runs first in a pair meets a slightly different machine.
 */
async function abRound(server: LocalServer, sfn: SFNClient, pairs: number): Promise<Array<{ api: Timed; direct: number }>> {
  await server.emulator.reset();
  const results: Array<{ api: Timed; direct: number }> = [];
  for (let i = 0; i < pairs; i++) {
    let api: Timed | undefined;
    let direct = 0;
    const a = async () => (api = await throughTheApi(sfn, server.stateMachineArn, happyOrder(), POLL_MS));
    const b = async () => (direct = await directly(server, happyOrder()));
    for (const way of i % 2 === 0 ? [a, b] : [b, a]) await way();
    results.push({ api: api!, direct });
  }
  return results;
}

/**
 * `total` executions through the API with `inFlight` of them running at any time (a new one starts
 * as one ends). The stock is topped up first: every order takes a book, and resetting mid-run would
 * mean draining the flight, which is what is being measured. Returns executions per second.
 */
async function throughput(server: LocalServer, sfn: SFNClient, total: number, inFlight: number): Promise<{ perSecond: number; requests: number; latencies: number[]; failures: string[] }> {
  await server.emulator.reset();
  await server.emulator.dynamodb.send(
    new UpdateCommand({
      TableName: server.emulator.outputs.InventoryTableName,
      Key: { sku: BOOK },
      UpdateExpression: 'SET stock = :plenty',
      ExpressionAttributeValues: { ':plenty': total * 10 },
    }),
  );
  let next = 0;
  let requests = 0;
  const latencies: number[] = [];
  const failures: string[] = [];
  const lane = async () => {
    while (next < total) {
      next++;
      try {
        const timed = await throughTheApi(sfn, server.stateMachineArn, happyOrder(), POLL_MS_IN_FLIGHT);
        requests += timed.requests;
        latencies.push(timed.latencyMs);
      } catch (error) {
        // On a machine busy with other work a step can outlast its timeout in real time (timeScale 0
        // skips waits, not slowness): that is a result of the load, reported with the numbers, not a crash.
        failures.push((error as Error).message);
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: latencies.length / seconds, requests, latencies, failures };
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const ms = (value: number) => value.toFixed(1);

export default async function apiBench(): Promise<void> {
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
  const began = performance.now();
  // Shares the saga bench's kept assembly: the same app, and its bundles are built once.
  const synthesized = synthesizeOrderSaga(keptAssemblyDir('bench-assembly'));
  // timeScale 0: the happy path's retries' backoffs cost no time (a call slower than its step's
  // timeout in real time still times out: the virtual clock skips waiting, not slowness).
  const server = await startLocalServer({ port: 0, synthesized, timeScale: 0, onInternalError: (error) => console.error('api bench: server error:', error) });
  // maxAttempts 1: a request error must surface, not hide in an SDK retry (and in the latency).
  // disableHostPrefix: the client as users must configure it for 127.0.0.1 (StartSyncExecution and
  // TestState would otherwise go to sync-127.0.0.1).
  const sfn = new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, disableHostPrefix: true, maxAttempts: 1 });
  const startedIn = seconds(began);
  try {
    // Warm-up: JIT, the SDK's connections, DynamoDB Local, and enough function environments (worker
    // threads) for 50 in flight. Ramped by 10: 50 executions at once from cold would start dozens of
    // worker threads together, and on two cores some steps would then outlast their timeouts. Its
    // failures (cold starts on a busy machine) are counted, not measured.
    const warming = performance.now();
    await abRound(server, sfn, 10);
    let warmUpFailures = 0;
    for (let flight = 10; flight <= IN_FLIGHT; flight += 10) warmUpFailures += (await throughput(server, sfn, flight, flight)).failures.length;
    const warmedIn = seconds(warming);

    const measuring = performance.now();
    const pairs: Array<{ api: Timed; direct: number }> = [];
    for (let r = 0; r < ROUNDS; r++) pairs.push(...(await abRound(server, sfn, PAIRS_PER_ROUND)));
    const loaded = await throughput(server, sfn, THROUGHPUT_EXECUTIONS, IN_FLIGHT);
    const measuredIn = seconds(measuring);

    const api = pairs.map((p) => p.api.latencyMs);
    const run = pairs.map((p) => p.api.runMs);
    const direct = pairs.map((p) => p.direct);
    const ratios = pairs.map((p) => p.api.latencyMs / p.direct);
    const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
    const row = (name: string, values: number[]) =>
      `| ${name} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 99))} | ${ms(sum(values) / values.length)} |`;

    console.log(
      `happy order (1 book): ${pairs.length} executions one after another per way, A/B alternating; ${THROUGHPUT_EXECUTIONS} with ${IN_FLIGHT} in flight ` +
        `(node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
    );
    console.log('| latency | p50 ms | p99 ms | mean ms |\n|---|---:|---:|---:|');
    console.log(row(`StartExecution → terminal status by DescribeExecution (polled every ${POLL_MS} ms)`, api));
    console.log(row('of which the execution itself (its stopDate − startDate)', run));
    console.log(row('emulator.startExecution, in process, no HTTP', direct));
    console.log(row(`StartExecution → terminal status, ${IN_FLIGHT} in flight (polled every ${POLL_MS_IN_FLIGHT} ms)`, loaded.latencies));
    console.log('\n| measure | value |\n|---|---:|');
    console.log(`| executions/s, ${IN_FLIGHT} in flight | ${loaded.perSecond.toFixed(1)} |`);
    console.log(`| API requests/s meanwhile (StartExecution + DescribeExecution) | ${((loaded.requests / loaded.latencies.length) * loaded.perSecond).toFixed(0)} |`);
    console.log(`| executions that did not succeed, ${IN_FLIGHT} in flight | ${loaded.failures.length} of ${THROUGHPUT_EXECUTIONS} |`);
    // Per pair, so a slow moment of the machine weighs on both sides of its own ratio.
    console.log(`| HTTP / direct, median of the per-pair ratios | ${percentile(ratios, 50).toFixed(2)}× |`);
    console.log(`| HTTP / direct, total time | ${(sum(api) / sum(direct)).toFixed(2)}× (+${ms((sum(api) - sum(direct)) / pairs.length)} ms an execution) |`);
    if (loaded.failures.length > 0) console.log(`first failure with ${IN_FLIGHT} in flight: ${loaded.failures[0]}`);
    console.log(`(server start ${startedIn} s, warm-up ${warmedIn} s with ${warmUpFailures} executions not succeeding, measured ${measuredIn} s)`);
  } finally {
    sfn.destroy();
    await server.stop();
  }
}
