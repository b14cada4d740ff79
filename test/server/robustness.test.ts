/**
 * The server under load and under abuse, one server for the file: 200 saga executions started at
 * once through the API (each ends as its order should, ListExecutions counts them, no request
 * fails, memory stays bounded), then malformed and hostile requests, each answered with an AWS
 * error while the server goes on serving.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, ListExecutionsCommand, ListStateMachinesCommand, SFNClient, StartExecutionCommand, type ExecutionListItem } from '@aws-sdk/client-sfn';
import type { LocalServer } from '../../local/server/start-server';
import { rawRequest, rawSocket, sfnRequest, stalledRequest } from './support/raw-http';
import { example, SERVER_START_TIMEOUT_MS, sfnClient, startTestServer } from './support/server';

/** The body deadline of this file's server: a stalled client is answered after it. */
const BODY_TIMEOUT_MS = 1_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

let server: LocalServer;
let sfn: SFNClient;

beforeAll(async () => {
  server = await startTestServer({
    // Half time: the throttling Retry's backoff (what the run mostly waits on) takes half as long,
    // and a 10 s step timeout is still 5 s, far above an invocation on two busy cores (the emulator's
    // default 0.1 would leave 1 s, too little under this load).
    timeScale: 0.5,
    // An account's concurrency limit, low: past it invocations are throttled and the saga's Retry
    // absorbs it; it also bounds the worker threads the functions run in.
    concurrencyLimit: 10,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    maxBodyBytes: MAX_BODY_BYTES,
  });
  sfn = sfnClient(server);
}, SERVER_START_TIMEOUT_MS);

afterAll(async () => {
  sfn?.destroy();
  await server?.stop();
}, 60_000);

/** Heap in use after a full collection. */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  return process.memoryUsage().heapUsed;
}

describe('200 executions started at once through the API', () => {
  type Case = { order: Record<string, any>; status: string; error?: string };
  const happy = example('happy.json');
  // Stock does not decide between them: 100 mugs are in stock for the 100 mug orders, and none of
  // the rare item, so the outcome of each order is known whatever order they run in.
  const cases: Case[] = Array.from({ length: 200 }, (_, i) => {
    const orderId = `ord-load-${process.pid}-${i}`;
    if (i % 4 === 1) return { order: { ...happy, orderId, items: [{ sku: 'SKU-MUG-002', quantity: 0, unitPrice: 1299 }] }, status: 'FAILED', error: 'InvalidOrder' };
    if (i % 4 === 3) return { order: { ...happy, orderId, items: [{ sku: 'SKU-RARE-006', quantity: 1, unitPrice: 4999 }] }, status: 'FAILED', error: 'OutOfStock' };
    return { order: { ...happy, orderId, items: [{ sku: 'SKU-MUG-002', quantity: 1, unitPrice: 1299 }] }, status: 'SUCCEEDED' };
  });

  test('every one ends as its order should, under the concurrency limit; ListExecutions counts them all; memory stays bounded', async () => {
    const heapBefore = heapAfterGc();
    const started = await Promise.all(
      cases.map((c) => sfn.send(new StartExecutionCommand({ stateMachineArn: server.stateMachineArn, name: c.order.orderId, input: JSON.stringify(c.order) }))),
    );
    expect(new Set(started.map((s) => s.executionArn)).size).toBe(200);

    // Wait through the API itself until none runs.
    for (;;) {
      const running = await sfn.send(new ListExecutionsCommand({ stateMachineArn: server.stateMachineArn, statusFilter: 'RUNNING' }));
      if (running.executions!.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    const listed: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: server.stateMachineArn, maxResults: 90, nextToken }));
      listed.push(...page.executions!);
      nextToken = page.nextToken;
    } while (nextToken);
    const ours = listed.filter((e) => e.name!.startsWith(`ord-load-${process.pid}-`));
    expect(ours).toHaveLength(200);
    // Newest first.
    const starts = ours.map((e) => e.startDate!.getTime());
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);

    const described = await Promise.all(started.map((s) => sfn.send(new DescribeExecutionCommand({ executionArn: s.executionArn }))));
    const outcomes = described.map((d, i) => ({ name: d.name, status: d.status, error: d.error, expected: cases[i] }));
    const wrong = outcomes.filter((o) => o.status !== o.expected.status || o.error !== o.expected.error);
    expect(wrong).toEqual([]);
    for (const d of described.filter((x) => x.status === 'SUCCEEDED')) expect(JSON.parse(d.output!).status).toBe('CONFIRMED');

    // The account's concurrency limit applied to them: invocations past it were throttled
    // (Lambda.TooManyRequestsException) and the saga's Retry took them again.
    const histories = await Promise.all(started.map((s) => sfn.send(new GetExecutionHistoryCommand({ executionArn: s.executionArn, maxResults: 1000 }))));
    const throttled = histories.flatMap((h) => h.events!).filter((e) => e.taskFailedEventDetails?.error === 'Lambda.TooManyRequestsException');
    expect(throttled.length).toBeGreaterThan(0);

    const mugs = (await server.emulator.scan('InventoryTableName')).find((item) => item.sku === 'SKU-MUG-002');
    expect(Number(mugs!.stock)).toBe(0);

    // 200 kept executions with their histories: a bounded amount per execution, nothing that grows with the load.
    const grownMb = (heapAfterGc() - heapBefore) / 2 ** 20;
    expect(grownMb).toBeLessThan(64);
  }, 240_000);
});

describe('malformed and hostile requests get AWS errors, and the server goes on serving', () => {
  /** After each abuse, a plain request still works. */
  afterEach(async () => {
    await expect(sfn.send(new ListStateMachinesCommand({}))).resolves.toMatchObject({ stateMachines: expect.any(Array) });
  });

  test('a body that is not JSON, or not a JSON object', async () => {
    for (const body of ['{"stateMachineArn": ', '[1, 2]', 'null', '"text"', '\u0000\u0001binary']) {
      const answer = await sfnRequest(server.url, 'DescribeStateMachine', body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ __type: 'com.amazon.coral.service#SerializationException', message: expect.any(String) });
      expect(answer.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  test('members of the wrong JSON type', async () => {
    const answer = await sfnRequest(server.url, 'ListExecutions', JSON.stringify({ stateMachineArn: server.stateMachineArn, maxResults: '10' }));
    expect(answer).toMatchObject({ status: 400, body: { __type: 'com.amazon.coral.service#SerializationException' } });
  });

  test('a wrong or missing content type, target or method', async () => {
    const list = JSON.stringify({});
    for (const headers of [{ 'content-type': 'application/json' }, { 'content-type': 'text/plain' }, { 'content-type': '' }]) {
      const answer = await sfnRequest(server.url, 'ListStateMachines', list, headers);
      expect(answer).toMatchObject({ status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } });
    }
    const noTarget = await rawRequest(server.url, { headers: { 'content-type': 'application/x-amz-json-1.0' }, body: list });
    expect(noTarget).toMatchObject({ status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } });
    const unknown = await sfnRequest(server.url, 'LaunchRockets', list);
    expect(unknown).toMatchObject({ status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } });
    const otherService = await rawRequest(server.url, { headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: list });
    expect(otherService).toMatchObject({ status: 400, body: { __type: 'com.amazon.coral.service#UnknownOperationException' } });
    const get = await rawRequest(server.url, { method: 'GET' });
    expect(get.status).toBeGreaterThanOrEqual(400);
    expect(get.body.__type).toBe('com.amazon.coral.service#UnknownOperationException');
  });

  test('a 10 MB body is refused whole, without being kept', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 'a');
    const answer = await sfnRequest(server.url, 'StartExecution', huge);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ __type: 'com.amazon.coral.service#RequestEntityTooLargeException', message: expect.stringContaining(`${MAX_BODY_BYTES}`) });
  });

  test('a client that stalls in the middle of its body gets a timeout answer, and others are served meanwhile', async () => {
    const stalled = stalledRequest(server.port, 'DescribeStateMachine');
    await expect(sfn.send(new ListStateMachinesCommand({}))).resolves.toBeDefined();
    const answer = await stalled;
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ __type: 'com.amazon.coral.service#RequestTimeoutException' });
  });

  test('bytes that are not HTTP, and headers too large', async () => {
    const garbage = await rawSocket(server.port, 'HELLO THERE\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toContain('com.amazon.coral.service#SerializationException');
    const bigHeader = await rawSocket(server.port, `POST / HTTP/1.1\r\nhost: x\r\nx-junk: ${'a'.repeat(100_000)}\r\n\r\n`);
    expect(bigHeader).toMatch(/^HTTP\/1\.1 400 /);
  });

  test('deeply nested JSON: refused as execution input, ignored as an unknown member', async () => {
    // 100 000 levels in 200 000 characters: within the size limit, far past what a parser accepts.
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const start = await sfnRequest(server.url, 'StartExecution', JSON.stringify({ stateMachineArn: server.stateMachineArn, input: deep }));
    expect(start).toMatchObject({
      status: 400,
      body: { __type: 'com.amazonaws.swf.service.v2.model#InvalidExecutionInput', message: expect.stringContaining('nesting depth (100000)') },
    });
    const deepBody = await sfnRequest(server.url, 'ListStateMachines', `{"unknownMember": ${deep}}`);
    expect(deepBody).toMatchObject({ status: 200, body: { stateMachines: expect.any(Array) } });
  });
});
