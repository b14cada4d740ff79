import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOrder, type OrderCliDeps } from '../../cli/runOrder';
import { type FakeAws, startFakeAws } from './fakeAws';

// The SDK's notice about its future Node 22 requirement is noise here (the project supports Node 20).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const REGION = 'eu-west-1';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderSagaStateMachine';
const HAPPY = 'examples/happy.json';

let fake: FakeAws;
let dir: string;

beforeAll(async () => {
  fake = await startFakeAws();
  dir = mkdtempSync(join(tmpdir(), 'order-cli-'));
}, 10_000);

afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.reset();
  fake.stacks.set('OrderSagaStack', { StateMachineArn: STATE_MACHINE, EventBusName: 'order-saga' });
  fake.stateMachines.add(STATE_MACHINE);
});

/** Runs the CLI with real SDK clients pointed at the fake services, and captures what it prints. */
async function run(argv: string[], overrides: Partial<OrderCliDeps> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sleeps: number[] = [];
  const regions: (string | undefined)[] = [];
  const suffixes = ['k3x9q2', 'p7w1z8'];
  const code = await runOrder(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    // No AWS_ENDPOINT_URL_SFN or region from the developer's shell: this file tests the AWS path.
    env: {},
    backoff: { firstMs: 500, maxMs: 5000 },
    clients: (region) => {
      regions.push(region);
      const config = {
        region: region ?? REGION,
        endpoint: fake.endpoint,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret' },
        maxAttempts: 1,
      };
      return { sfn: new SFNClient(config), cfn: new CloudFormationClient(config) };
    },
    pollIntervalMs: 1500,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    suffix: () => suffixes.shift() ?? 'zzzzzz',
    ...overrides,
  });
  return { code, out, err, sleeps, regions };
}

function startRequest() {
  return fake.requests.find((r) => r.operation === 'StartExecution')?.body as
    | { stateMachineArn: string; name: string; input: string }
    | undefined;
}

function writeTemp(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('a run that reaches the state machine', () => {
  test('finds the ARN in the stack outputs, starts the execution, polls until it succeeds and exits 0', async () => {
    const output = { orderId: 'ord-happy-0001', status: 'CONFIRMED' };
    fake.describeScript = [{ status: 'RUNNING' }, { status: 'RUNNING' }, { status: 'SUCCEEDED', output: JSON.stringify(output) }];

    const { code, out, err, sleeps } = await run([HAPPY]);

    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(fake.requests[0]).toMatchObject({
      service: 'cloudformation',
      operation: 'DescribeStacks',
      body: { StackName: 'OrderSagaStack' },
    });
    const start = startRequest();
    expect(start?.stateMachineArn).toBe(STATE_MACHINE);
    expect(start?.name).toBe('ord-happy-0001-k3x9q2');
    expect(JSON.parse(start?.input ?? '')).toEqual(JSON.parse(readFileSync(HAPPY, 'utf8')));
    expect(out).toContain(
      'Console: https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/' +
        'arn:aws:states:eu-west-1:123456789012:execution:OrderSagaStateMachine:ord-happy-0001-k3x9q2',
    );
    expect(out.slice(-3)).toEqual([
      'Status: SUCCEEDED',
      'Output:',
      '{\n  "orderId": "ord-happy-0001",\n  "status": "CONFIRMED"\n}',
    ]);
    // Three DescribeExecution calls: it slept between them, not after the last one.
    expect(fake.requests.filter((r) => r.operation === 'DescribeExecution')).toHaveLength(3);
    expect(sleeps).toEqual([1500, 1500]);
  });

  test('a failed execution prints its error and cause and exits 1', async () => {
    fake.describeScript = [
      { status: 'FAILED', error: 'PaymentDeclined', cause: '{"errorType":"PaymentDeclined","errorMessage":"card declined"}' },
    ];

    const { code, out, err } = await run([HAPPY]);

    expect(code).toBe(1);
    expect(err).toEqual([]);
    expect(out.slice(-3)).toEqual([
      'Status: FAILED',
      'Error: PaymentDeclined',
      'Cause: {\n  "errorType": "PaymentDeclined",\n  "errorMessage": "card declined"\n}',
    ]);
  });

  test('a timed-out execution exits 1 too', async () => {
    fake.describeScript = [{ status: 'TIMED_OUT' }];
    const { code, out } = await run([HAPPY]);
    expect(code).toBe(1);
    expect(out[out.length - 1]).toBe('Status: TIMED_OUT');
  });

  test('--new-id sends a fresh orderId, keeps the rest of the order and leaves the file alone', async () => {
    fake.describeScript = [{ status: 'SUCCEEDED', output: '{}' }];
    const before = readFileSync(HAPPY, 'utf8');

    const { code } = await run([HAPPY, '--new-id']);

    expect(code).toBe(0);
    const start = startRequest();
    const sent = JSON.parse(start?.input ?? '');
    expect(sent.orderId).toBe('ord-happy-0001-k3x9q2');
    expect({ ...sent, orderId: 'x' }).toEqual({ ...JSON.parse(before), orderId: 'x' });
    expect(start?.name).toBe('ord-happy-0001-k3x9q2-p7w1z8');
    expect(readFileSync(HAPPY, 'utf8')).toBe(before);
  });

  test('--arn skips CloudFormation and takes the region from the ARN', async () => {
    const arn = 'arn:aws:states:eu-central-1:123456789012:stateMachine:Other';
    fake.stateMachines.add(arn);
    fake.describeScript = [{ status: 'SUCCEEDED', output: '{}' }];

    const { code, out, regions } = await run([`--arn=${arn}`, HAPPY]);

    expect(code).toBe(0);
    expect(regions).toEqual(['eu-central-1']);
    expect(fake.requests.map((r) => r.service)).not.toContain('cloudformation');
    expect(startRequest()?.stateMachineArn).toBe(arn);
    expect(out.find((l) => l.startsWith('Console: '))).toMatch(
      /^Console: https:\/\/eu-central-1\.console\.aws\.amazon\.com\/states\/home\?region=eu-central-1#\/v2\/executions\/details\/arn:aws:states:eu-central-1:123456789012:execution:Other:ord-happy-0001-k3x9q2$/,
    );
  });

  test('--stack and --region choose the stack and region to read', async () => {
    fake.stacks.set('OrderSagaDev', { StateMachineArn: STATE_MACHINE });
    fake.describeScript = [{ status: 'SUCCEEDED', output: '{}' }];
    const { code, regions } = await run([HAPPY, '--stack', 'OrderSagaDev', '--region', 'us-east-2']);
    expect(code).toBe(0);
    expect(regions).toEqual(['us-east-2']);
    expect(fake.requests[0].body).toMatchObject({ StackName: 'OrderSagaDev' });
  });
});

test('--help prints the usage and the exit codes, calls nothing and exits 0', async () => {
  const { code, out, err } = await run(['--help']);
  expect(code).toBe(0);
  expect(err).toEqual([]);
  expect(out.join('\n')).toMatch(/^Usage: npm run order -- <order\.json> \[--new-id\]/);
  expect(out.join('\n')).toContain('Exit code: 0 the execution succeeded, 1 it failed, timed out or was aborted, 2 it could not start.');
  expect(fake.requests).toEqual([]);
});

describe('mistakes get one sentence on stderr and exit 2', () => {
  test('a missing file, before any call to AWS', async () => {
    const { code, out, err } = await run(['examples/no-such-order.json']);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual(['examples/no-such-order.json does not exist (the samples are in examples/, e.g. examples/happy.json).']);
    expect(fake.requests).toEqual([]);
  });

  test('a file that is not JSON', async () => {
    const path = writeTemp('broken.json', '{ "orderId": "ord-1", }');
    const { code, err } = await run([path]);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^${escape(path)} is not valid JSON \\(.+\\)\\.$`));
    expect(fake.requests).toEqual([]);
  });

  test('a JSON file that holds no object', async () => {
    const path = writeTemp('list.json', '[{"orderId":"ord-1"}]');
    const { code, err } = await run([path]);
    expect(code).toBe(2);
    expect(err).toEqual([`${path} holds an array, not an order object like the ones in examples/.`]);
  });

  test('a stack that does not exist', async () => {
    const { code, out, err } = await run([HAPPY, '--stack', 'Nowhere']);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toEqual([
      'Stack Nowhere does not exist in eu-west-1: deploy it with `npx cdk deploy`, or pass --stack, --region or --arn.',
    ]);
    expect(startRequest()).toBeUndefined();
  });

  test('a stack without a state machine output', async () => {
    fake.stacks.set('OrderSagaStack', { EventBusName: 'order-saga' });
    const { code, err } = await run([HAPPY]);
    expect(code).toBe(2);
    expect(err).toEqual([
      'Stack OrderSagaStack has no state machine ARN among its outputs (is it deployed completely?): redeploy it or pass --arn.',
    ]);
    expect(startRequest()).toBeUndefined();
  });

  test('an --arn of a state machine that does not exist', async () => {
    const arn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Gone';
    const { code, err } = await run([HAPPY, '--arn', arn]);
    expect(code).toBe(2);
    expect(err).toEqual([
      `AWS refused starting an execution of ${arn} (StateMachineDoesNotExist: State Machine Does Not Exist: '${arn}').`,
    ]);
  });

  test.each([
    [['--frobnicate', HAPPY], /^Unknown option --frobnicate \(usage: npm run order -- <order\.json> .*\)\.$/],
    [[HAPPY, '--region'], /^Option --region needs a value \(usage: .*\)\.$/],
    [[HAPPY, '--arn', 'not-an-arn'], /^--arn not-an-arn is not a state machine ARN \(arn:aws:states:<region>:<account>:stateMachine:<name>\)\.$/],
    [[HAPPY, '--region', 'Ireland'], /^--region Ireland is not an AWS region name such as eu-west-1\.$/],
    [[], /^No order file given \(usage: .*\)\.$/],
    [[HAPPY, 'examples/declined.json'], /^Give exactly one order file, not 2 \(examples\/happy\.json, examples\/declined\.json\)\.$/],
  ])('bad arguments %j', async (argv, sentence) => {
    const { code, out, err } = await run(argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(sentence);
    expect(fake.requests).toEqual([]);
  });

  test('no AWS credentials anywhere: the real default chain finds none', async () => {
    // Every source the SDK's default chain reads: environment, shared files, SSO/login caches
    // (via the config file), web identity, container and instance metadata.
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'no-credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'no-config');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      const { code, out, err } = await run([HAPPY], {
        clients: (region) => {
          // No `credentials`: the clients resolve them the way `npm run order` does.
          const config = { region: region ?? REGION, endpoint: fake.endpoint, maxAttempts: 1 };
          return { sfn: new SFNClient(config), cfn: new CloudFormationClient(config) };
        },
      });
      expect(code).toBe(2);
      expect(out).toEqual([]);
      expect(err).toEqual([
        'No AWS credentials found: run `aws configure` or `aws sso login`, or set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), then try again.',
      ]);
      expect(fake.requests).toEqual([]);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
