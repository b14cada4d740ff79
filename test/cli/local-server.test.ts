/**
 * `npm run order` against the real local server: the entry point (bin/order.ts under tsx) in a child
 * process, pointed at a server on a free port by AWS_ENDPOINT_URL_SFN alone, as a developer would
 * after `npm run local`. bin.test.ts covers the CLI against a fake; this one checks that the CLI
 * and the server agree on the real thing: the ARN the server gives, its histories as the progress
 * formatter reads them, ListExecutions and GetExecutionHistory's JSON.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { LocalServer } from '../../local/server/start-server';
import { SERVER_START_TIMEOUT_MS, startTestServer } from '../server/support/server';

const ROOT = join(__dirname, '..', '..');
/** Each run of the CLI starts tsx and the SDK (about 2-3 s here), plus the execution itself. */
const CLI_TIMEOUT_MS = 60_000;

let server: LocalServer;

beforeAll(async () => {
  // timeScale 0: the saga's waits (none on these paths) and timeouts never hold a test up.
  server = await startTestServer({ timeScale: 0 });
}, SERVER_START_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
}, SERVER_START_TIMEOUT_MS);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run order -- ...args` with only the endpoint variable set: no credentials, no region. */
function order(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  // Nothing AWS_* from the developer's shell may leak in: the CLI must manage with the endpoint alone.
  for (const key of ['PATH', 'HOME', 'TMPDIR']) if (process.env[key]) env[key] = process.env[key];
  Object.assign(env, {
    AWS_ENDPOINT_URL_SFN: server.url,
    AWS_MAX_ATTEMPTS: '1',
    // No profile on the machine may supply a region or credentials either.
    AWS_CONFIG_FILE: join(ROOT, 'no-such-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'no-such-aws-credentials'),
  });
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'bin/order.ts', ...args], { cwd: ROOT, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** The execution ARN in the console line, which the local link ends with. */
function executionArnIn(stdout: string): string {
  const match = /^Console: \S+\/executions\/(arn:aws:states:\S+)/m.exec(stdout);
  if (!match) throw new Error(`no console line in:\n${stdout}`);
  return match[1];
}

/** The state names of the progress lines with the given mark (→ entered, ↩ a compensation entered). */
function statesMarked(stdout: string, mark: '→' | '↩'): string[] {
  const pattern = new RegExp(`^ +\\+\\d+\\.\\d\\ds +(?:\\[\\d+\\] )?${mark} (\\S+)$`, 'gm');
  return [...stdout.matchAll(pattern)].map((m) => m[1]);
}

// The tests build on each other (list and history read the executions started above), in order.
let happyArn: string;
let declinedArn: string;

test('start --new-id --watch on the happy order: each state entered through OrderConfirmed, SUCCEEDED, exit 0', async () => {
  const { code, stdout, stderr } = await order(['start', 'examples/happy.json', '--new-id', '--watch']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  happyArn = executionArnIn(stdout);
  // The server's own ARN for the app's machine: the CLI asked the server, not CloudFormation.
  const machineName = server.stateMachineArn.split(':').pop();
  expect(happyArn).toMatch(new RegExp(`^arn:aws:states:us-east-1:000000000000:execution:${machineName}:ord-happy-0001-[a-z0-9]+-[a-z0-9]+$`));
  // The link goes to the local console's page for the execution, never to the AWS console.
  expect(stdout).toContain(`Console: ${server.url}/executions/${happyArn}\n`);
  expect(stdout).not.toContain('console.aws.amazon.com');
  expect(statesMarked(stdout, '→')).toEqual([
    'ValidateOrder',
    'IsHighValue?',
    'ReserveInventory',
    'ChargePayment',
    'IsPaymentSettled?',
    'ShipParcels',
    'CreateShipment',
    'ConfirmOrder',
    'PublishOrderConfirmed',
    'OrderConfirmed',
  ]);
  // Left as well as entered: the watch follows to the end, not just to the last state.
  expect(stdout).toMatch(/← OrderConfirmed \(\d+\.\d\ds\)$/m);
  expect(stdout).not.toMatch(/[✗⤷↩]/);
  expect(stdout).toMatch(/^Status: SUCCEEDED\nOutput:\n/m);
  expect(stdout).toContain('"status": "CONFIRMED"');
}, CLI_TIMEOUT_MS);

test('start --watch on a declined card: the failure, the Catch and the compensations, FAILED, exit 1', async () => {
  const { code, stdout, stderr } = await order(['start', 'examples/declined.json', '--new-id', '--watch']);
  expect(stderr).toBe('');
  expect(code).toBe(1);
  declinedArn = executionArnIn(stdout);
  expect(stdout).toMatch(/✗ PaymentDeclined: /);
  expect(stdout).toMatch(/⤷ ChargePayment caught PaymentDeclined, going to RefundPayment$/m);
  // What undoes the charge and the reservation; the failure event and the Fail state undo nothing.
  expect(statesMarked(stdout, '↩')).toEqual(['RefundPayment', 'ReleaseInventory']);
  expect(statesMarked(stdout, '→').slice(-2)).toEqual(['PublishOrderFailed', 'OrderFailed']);
  // Nothing after the Catch ran on the happy path.
  expect(statesMarked(stdout, '→')).not.toContain('ShipParcels');
  expect(stdout).toMatch(/^Status: FAILED\nError: PaymentDeclined\nCause: .+$/m);
}, CLI_TIMEOUT_MS);

test('list shows both executions with their status, exit 0', async () => {
  const { code, stdout, stderr } = await order(['list']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const nameOf = (arn: string) => arn.split(':').pop()!;
  expect(stdout).toMatch(new RegExp(`^SUCCEEDED .* ${nameOf(happyArn)}$`, 'm'));
  expect(stdout).toMatch(new RegExp(`^FAILED .* ${nameOf(declinedArn)}$`, 'm'));
  expect(stdout).toContain(`of ${server.stateMachineArn}.`);

  const failedOnly = await order(['list', '--status', 'FAILED']);
  expect(failedOnly.code).toBe(0);
  expect(failedOnly.stdout).toContain(nameOf(declinedArn));
  expect(failedOnly.stdout).not.toContain(nameOf(happyArn));
}, CLI_TIMEOUT_MS);

test('history --json is valid JSON with every event, from ExecutionStarted to ExecutionFailed', async () => {
  const { code, stdout, stderr } = await order(['history', declinedArn, '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const parsed = JSON.parse(stdout) as { events: Array<{ id: number; type: string; stateEnteredEventDetails?: { name: string } }> };
  const { events } = parsed;
  expect(events[0].type).toBe('ExecutionStarted');
  expect(events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'PaymentDeclined' } });
  // Every page, in order: ids run 1..n without a gap.
  expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
  expect(events.filter((e) => e.type.endsWith('StateEntered')).map((e) => e.stateEnteredEventDetails!.name)).toEqual(
    expect.arrayContaining(['ChargePayment', 'RefundPayment', 'ReleaseInventory', 'PublishOrderFailed', 'OrderFailed']),
  );
  expect(events.map((e) => e.type)).toContain('TaskFailed');
}, CLI_TIMEOUT_MS);

test('watch by name on a closed execution replays it to the same end', async () => {
  // An execution name of the app's machine is enough: the CLI resolves it against the server's ARN.
  const { code, stdout } = await order(['watch', happyArn.split(':').pop()!]);
  expect(code).toBe(0);
  expect(statesMarked(stdout, '→').at(-1)).toBe('OrderConfirmed');
  expect(stdout).toMatch(/^Status: SUCCEEDED$/m);
}, CLI_TIMEOUT_MS);
