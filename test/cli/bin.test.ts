/**
 * `npm run order` end to end: the real entry point (bin/order.ts under tsx) in a child process,
 * with the SDK's default clients sent to the fake services by AWS_ENDPOINT_URL. Checks what only
 * the process shows: exit codes, and that a mistake prints one line without a stack trace.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { type FakeAws, startFakeAws } from './fakeAws';

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

function order(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {};
  // Only what the CLI needs: no AWS_* from the developer's shell may leak into the child.
  for (const key of ['PATH', 'HOME', 'TMPDIR']) if (process.env[key]) env[key] = process.env[key];
  Object.assign(env, {
    AWS_ENDPOINT_URL: fake.endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret',
    AWS_MAX_ATTEMPTS: '1',
    AWS_CONFIG_FILE: join(ROOT, 'no-such-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'no-such-aws-credentials'),
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
