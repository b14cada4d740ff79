/**
 * The local console in a real browser: Chromium opens the pages the server serves, which learn
 * everything through the Step Functions API, and the tests read the picture through each state's
 * `data-status`. One server for the file, on a free port; a screenshot of each view is kept.
 */
import { DescribeStateMachineCommand, GetExecutionHistoryCommand, StartExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Browser } from 'playwright-core';
import type { LocalServer } from '../../local/server/start-server';
import { example, SERVER_START_TIMEOUT_MS, sfnClient, startTestServer, waitForEnd } from '../server/support/server';
import { launchChromium, openPage, screenshot, SCREENSHOTS, stateNames, statusOf, type ConsolePage } from './browser-support';

const END_TIMEOUT_MS = 60_000;
/** A test waits for an execution to end, then reads the page: the end's bound plus room to read. */
const TEST_TIMEOUT_MS = END_TIMEOUT_MS + 30_000;

let server: LocalServer;
let sfn: SFNClient;
let browser: Browser;
let allStates: string[];
let current: ConsolePage | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  sfn = sfnClient(server);
  const machine = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: server.stateMachineArn }));
  allStates = stateNames(JSON.parse(machine.definition!));
}, SERVER_START_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page per test; whatever the test did, the browser's console must have stayed free of errors. */
async function open(path: string): Promise<ConsolePage> {
  current = await openPage(browser);
  await current.page.goto(`${server.url}${path}`);
  return current;
}
afterEach(async () => {
  const errors = current?.errors ?? [];
  await current?.page.close();
  current = undefined;
  expect(errors).toEqual([]);
});

/** The states an execution entered, from its history through the API. */
async function enteredStates(executionArn: string): Promise<Set<string>> {
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
  return new Set(history.events!.filter((e) => e.type!.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails!.name!));
}

test('the list leads to the machine, whose graph holds every state of the definition', async () => {
  const { page } = await open('/');
  await page.getByRole('link', { name: server.stateMachineArn.split(':').pop()! }).click();
  await page.waitForSelector('g.state[data-state]');
  const drawn = await page.$$eval('g.state[data-state]', (nodes) => nodes.map((n) => n.getAttribute('data-state')));
  expect(new Set(drawn)).toEqual(new Set(allStates));
  expect(allStates.length).toBeGreaterThan(20);
  // Before any execution, the machine's picture shows no status but "not reached".
  expect(new Set(await page.$$eval('g.state[data-state]', (nodes) => nodes.map((n) => n.getAttribute('data-status'))))).toEqual(new Set(['not-reached']));
  await screenshot(page, 'state-machine');
  await page.goto(`${server.url}/`);
  await page.waitForSelector('.machines table');
  await screenshot(page, 'state-machines');
}, TEST_TIMEOUT_MS);

test('examples/happy.json started from the form reaches OrderConfirmed, its path succeeded and RiskChecks not reached', async () => {
  const { page } = await open(`/state-machines/${server.stateMachineArn}`);
  await page.getByLabel('Example order').selectOption('happy.json');
  await page.waitForFunction(() => (document.querySelector('textarea[name=input]') as HTMLTextAreaElement).value.includes('ord-happy'));
  expect(await page.getByLabel('fresh orderId').isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Start execution' }).click();
  await page.waitForURL(/\/executions\/arn:aws:states:/);
  // The page opens while the execution runs, and follows it to its end.
  await page.waitForSelector('[data-execution-status="SUCCEEDED"]', { timeout: END_TIMEOUT_MS });

  const executionArn = decodeURIComponent(new URL(page.url()).pathname.slice('/executions/'.length));
  const path = await enteredStates(executionArn);
  expect(path.has('OrderConfirmed')).toBe(true);
  for (const state of path) expect([state, await statusOf(page, state)]).toEqual([state, 'succeeded']);
  expect(await statusOf(page, 'RiskChecks')).toBe('not-reached');
  for (const state of allStates.filter((s) => !path.has(s))) expect([state, await statusOf(page, state)]).toEqual([state, 'not-reached']);

  // A click on a state shows what went in and came out of it.
  await page.click('g.state[data-state="ChargePayment"]');
  const details = page.locator('[data-selected-state="ChargePayment"]');
  await expect(details.getByRole('heading', { name: 'Input' }).count()).resolves.toBe(1);
  await expect(details.getByRole('heading', { name: 'Output' }).count()).resolves.toBe(1);
  await screenshot(page, 'execution-succeeded');

  // The machine's list shows it, and the status filter keeps to what is asked for.
  await page.goto(`${server.url}/state-machines/${server.stateMachineArn}`);
  await page.waitForSelector(`.executions a[href="/executions/${executionArn}"]`);
  await page.getByLabel('Filter by status').selectOption('FAILED');
  await page.waitForFunction((arn) => !document.querySelector(`.executions a[href="/executions/${arn}"]`), executionArn);
  const shown = await page.$$eval('.executions tbody tr', (rows) => rows.map((r) => r.getAttribute('data-status')));
  expect(shown.every((status) => status === 'FAILED')).toBe(true);
  await page.getByLabel('Filter by status').selectOption('');
  await page.waitForSelector(`.executions a[href="/executions/${executionArn}"]`);
  await screenshot(page, 'state-machine-with-executions');
}, TEST_TIMEOUT_MS);

test('a declined order: ChargePayment caught, the compensations succeeded, OrderFailed failed', async () => {
  const input = example('declined.json');
  input.orderId = `${input.orderId}-${process.pid}`;
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: server.stateMachineArn, name: input.orderId, input: JSON.stringify(input) }));
  await waitForEnd(sfn, started.executionArn!);

  const { page } = await open(`/executions/${started.executionArn}`);
  await page.waitForSelector('[data-execution-status="FAILED"]', { timeout: END_TIMEOUT_MS });
  expect(await statusOf(page, 'ChargePayment')).toBe('caught');
  expect(await statusOf(page, 'RefundPayment')).toBe('succeeded');
  expect(await statusOf(page, 'ReleaseInventory')).toBe('succeeded');
  expect(await statusOf(page, 'OrderFailed')).toBe('failed');
  expect(await statusOf(page, 'ShipParcels')).toBe('not-reached');
  // The events table marks the catch and where it led.
  await expect(page.locator('tr.event-catch').innerText()).resolves.toMatch(/caught PaymentDeclined → RefundPayment/);

  await page.click('g.state[data-state="ChargePayment"]');
  await expect(page.locator('[data-selected-state="ChargePayment"] .detail-block').first().innerText()).resolves.toContain('PaymentDeclined');
  await screenshot(page, 'execution-declined');
  // The saga is wider than the panel: at actual size its labels read as a person needs them to.
  await page.getByRole('button', { name: 'Actual size' }).click();
  await page.locator('.graph-canvas').screenshot({ path: `${SCREENSHOTS}/execution-declined-graph-actual-size.png` });
}, TEST_TIMEOUT_MS);

test('input that is not JSON, or larger than 256 KiB, gets a clear message and starts nothing', async () => {
  const { page } = await open(`/state-machines/${server.stateMachineArn}`);
  const input = page.getByLabel('Execution input (JSON)');
  const message = page.getByRole('alert');
  await input.fill('{ "orderId": ');
  await page.getByRole('button', { name: 'Start execution' }).click();
  await expect(message.innerText()).resolves.toMatch(/^The input is not JSON/);

  await input.fill(JSON.stringify({ orderId: 'ord-big', note: 'x'.repeat(300 * 1024) }));
  await page.getByRole('button', { name: 'Start execution' }).click();
  await expect(message.innerText()).resolves.toMatch(/^The input is too large: [\d,]+ bytes, and Step Functions takes at most 262,144 \(256 KiB\)/);
  expect(page.url()).toBe(`${server.url}/state-machines/${server.stateMachineArn}`);
  await screenshot(page, 'start-form-error');
}, TEST_TIMEOUT_MS);

test('the console routes serve their files read-only and leave every API answer to the API', async () => {
  const get = (path: string, accept = '*/*') => fetch(`${server.url}${path}`, { headers: { accept } });
  const script = await get('/console/app.js');
  expect(script.status).toBe(200);
  expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(await (await get('/examples/')).json()).toEqual(expect.arrayContaining(['happy.json', 'declined.json']));
  expect(await (await get('/examples/happy.json')).json()).toEqual(example('happy.json'));
  for (const outside of ['/examples/..%2Fpackage.json', '/examples/.hidden.json', '/examples/missing.json']) expect((await get(outside)).status).toBe(404);
  expect((await get('/', 'text/html')).headers.get('content-type')).toMatch(/^text\/html/);
  // Without asking for HTML, GET / is still the API's, which answers it as AWS does.
  expect(await (await get('/', 'application/json')).json()).toMatchObject({ __type: 'com.amazon.coral.service#UnknownOperationException' });
  current = undefined;
});

test('a stopped execution: the state it was in shows cancelled, what it finished succeeded', async () => {
  const input = example('never-settled.json');
  input.orderId = `${input.orderId}-${process.pid}`;
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: server.stateMachineArn, name: input.orderId, input: JSON.stringify(input) }));
  // Stopped while it polls the payment: by then some states have finished and one is running.
  for (;;) {
    if ((await enteredStates(started.executionArn!)).has('WaitForSettlement')) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await sfn.send(new StopExecutionCommand({ executionArn: started.executionArn!, error: 'Stopped.ByTest' }));
  const history = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: started.executionArn!, maxResults: 1000 }))).events!;
  const exited = new Set(history.filter((e) => e.type!.endsWith('StateExited')).map((e) => e.stateExitedEventDetails!.name!));
  const lastEntered = history.filter((e) => e.type!.endsWith('StateEntered')).pop()!.stateEnteredEventDetails!.name!;

  const { page } = await open(`/executions/${started.executionArn}`);
  await page.waitForSelector('[data-execution-status="ABORTED"]');
  expect(await statusOf(page, lastEntered)).toBe(exited.has(lastEntered) ? 'succeeded' : 'cancelled');
  expect(await statusOf(page, 'ChargePayment')).toBe('succeeded');
  expect(await statusOf(page, 'ShipParcels')).toBe('not-reached');
  await screenshot(page, 'execution-stopped');
}, TEST_TIMEOUT_MS);
