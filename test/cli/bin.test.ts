/**
 * `npm run order` end to end: the real entry point (bin/order.ts under tsx) in a child process,
 * with the SDK's default clients sent to the fake services by AWS_ENDPOINT_URL. Checks what only
 * the process shows: exit codes, and that a mistake prints one line without a stack trace.
 */
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type FakeAws, startFakeAws } from './fakeAws';
import { happyHistory } from './sampleHistories';

const ROOT = join(__dirname, '..', '..');
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderSagaStateMachine';

let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws();
}, 10_000);

afterAll(() => fake.close());

beforeEach(() => {
  fake.reset();
  fake.stacks.set('OrderSagaStack', { StateMachineArn: STATE_MACHINE });
  fake.stateMachines.add(STATE_MACHINE);
});

/** `npm run order` against the fake as if it were AWS (AWS_ENDPOINT_URL sends every service there). */
function order(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return orderWith(args, {
    AWS_ENDPOINT_URL: fake.endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
  });
}

function orderWith(args: string[], aws: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  // Only what the CLI needs: no AWS_* from the developer's shell may leak into the child.
  for (const key of ['PATH', 'HOME', 'TMPDIR']) if (process.env[key]) env[key] = process.env[key];
  Object.assign(env, {
    AWS_MAX_ATTEMPTS: '1',
    AWS_CONFIG_FILE: join(ROOT, 'no-such-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'no-such-aws-credentials'),
    ...aws,
  });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/order.ts', ...args],
      { cwd: ROOT, env },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

test('a succeeded execution: exit 0, the console link and the output on stdout, nothing on stderr', async () => {
  fake.describeScript = [{ status: 'SUCCEEDED', output: '{"orderId":"ord-happy-0001"}' }];
  const { code, stdout, stderr } = await order(['examples/happy.json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout).toMatch(
    /^Console: https:\/\/eu-west-1\.console\.aws\.amazon\.com\/states\/home\?region=eu-west-1#\/v2\/executions\/details\/arn:aws:states:eu-west-1:123456789012:execution:OrderSagaStateMachine:ord-happy-0001-[a-z0-9]{6}$/m,
  );
  expect(stdout).toMatch(/^Status: SUCCEEDED\nOutput:\n\{\n {2}"orderId": "ord-happy-0001"\n\}\n$/m);
}, 20_000);

test('a failed execution: exit 1', async () => {
  fake.describeScript = [{ status: 'FAILED', error: 'PaymentDeclined', cause: 'card declined' }];
  const { code, stdout } = await order(['examples/declined.json']);
  expect(code).toBe(1);
  expect(stdout).toMatch(/^Status: FAILED\nError: PaymentDeclined\nCause: card declined\n$/m);
}, 20_000);

test('a missing stack: exit 2 and exactly one line on stderr, no stack trace', async () => {
  const { code, stdout, stderr } = await order(['examples/happy.json', '--stack', 'NotDeployed']);
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toBe(
    'Stack NotDeployed does not exist in eu-west-1: deploy it with `npx cdk deploy`, or pass --stack, --region or --arn.\n',
  );
}, 20_000);

describe('a local endpoint through AWS_ENDPOINT_URL_SFN, with no credentials or region set', () => {
  const LOCAL_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:WorkflowStateMachine3F6B1A2C';

  test('start --watch: the dummy credentials and region do, the progress and the outcome print, exit 0', async () => {
    fake.stateMachines.add(LOCAL_MACHINE);
    fake.nextHistory = { events: happyHistory };
    const { code, stdout, stderr } = await orderWith(['start', 'examples/happy.json', '--watch'], {
      AWS_ENDPOINT_URL_SFN: fake.endpoint,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`Console: ${fake.endpoint}/executions/arn:aws:states:us-east-1:000000000000:execution:WorkflowStateMachine3F6B1A2C:ord-happy-0001-`);
    expect(stdout).toMatch(/^ {3}\+0\.25s {2}→ ValidateOrder\n {3}\+1\.25s {2}← ValidateOrder \(1\.00s\)$/m);
    expect(stdout).toMatch(/^Status: SUCCEEDED\nOutput:\n/m);
    expect(fake.requests.map((r) => r.service)).not.toContain('cloudformation');
  }, 20_000);

  test('nothing listening: exit 2 and one line that says to start the server', async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await orderWith(['list'], { AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${port}` });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `Nothing answers at http://127.0.0.1:${port} while listing its state machines (ECONNREFUSED): start the local server with \`npm run local\` (on another port, set AWS_ENDPOINT_URL_SFN to its URL instead).\n`,
    );
  }, 20_000);
});

test('a reader that stops early (`| head`): exit 0, no EPIPE stack trace', async () => {
  // 3000 lines (about 200 KB) are more than a pipe holds, so writes go on after the reader closed.
  for (let i = 0; i < 3000; i++) {
    fake.addExecution({ stateMachineArn: STATE_MACHINE, name: `ord-${i}`, status: 'SUCCEEDED', startDate: 1_700_000_000 + i, stopDate: 1_700_000_001 + i });
  }
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, AWS_ENDPOINT_URL: fake.endpoint, AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'fake-secret', AWS_MAX_ATTEMPTS: '1' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/order.ts', 'list'], { cwd: ROOT, env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
}, 30_000);

/** A port nothing listens on: one the system just handed out, closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
