/**
 * `start`, `watch`, `list` and `history`, on AWS and on a local endpoint (`--local`,
 * AWS_ENDPOINT_URL_SFN), with the real SDK clients against the fake services of fakeAws.ts:
 * pagination, history polls with backoff, throttling, and one sentence for every mistake.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { runOrder } from '../../cli/runOrder';
import { type FakeAws, startFakeAws } from './fakeAws';
import { declinedHistory, HAPPY_OUTPUT, happyHistory, mapHistory } from './sampleHistories';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const HAPPY = 'examples/happy.json';
const AWS_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:OrderSagaStateMachine';
// Named as the local server names the app's machine (its logical id); the others were created through the API.
const LOCAL_MACHINE = 'arn:aws:states:us-east-1:000000000000:stateMachine:WorkflowStateMachine3F6B1A2C';
const OTHER_MACHINES = ['a-first', 'b-second', 'c-third'].map((n) => `arn:aws:states:us-east-1:000000000000:stateMachine:${n}`);
const LOCAL_EXECUTION = 'arn:aws:states:us-east-1:000000000000:execution:WorkflowStateMachine3F6B1A2C';

let fake: FakeAws;
let localEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  fake = await startFakeAws();
  localEnv = { AWS_ENDPOINT_URL_SFN: fake.endpoint };
}, 10_000);

afterAll(() => fake.close());

beforeEach(() => {
  fake.reset();
  fake.stacks.set('OrderSagaStack', { StateMachineArn: AWS_MACHINE });
  for (const arn of [AWS_MACHINE, ...OTHER_MACHINES, LOCAL_MACHINE]) fake.stateMachines.add(arn);
});

/**
 * Runs the CLI with `env` as its environment. Every client goes to the fake; what the CLI asked
 * for (region, local endpoint, credentials) is recorded. `--local` means port 8083, which a
 * developer's own `npm run local` may hold: the tests check that choice and serve it from the fake.
 */
async function run(argv: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const sleeps: number[] = [];
  const asked: Array<{ region: string | undefined; local?: unknown }> = [];
  const code = await runOrder(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env,
    clients: (region, local) => {
      // A copy: the SDK annotates the credentials object it is given.
      asked.push({ region, ...(local ? { local: structuredClone(local) } : {}) });
      const config = {
        region: region ?? 'eu-west-1',
        endpoint: fake.endpoint,
        credentials: local?.credentials ?? { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'fake-secret' },
        maxAttempts: 1,
      };
      return { sfn: new SFNClient(config), cfn: new CloudFormationClient(config) };
    },
    pollIntervalMs: 1500,
    backoff: { firstMs: 500, maxMs: 4000 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    suffix: () => 'k3x9q2',
  });
  return { code, out, err, sleeps, asked };
}

const requestsOf = (operation: string) => fake.requests.filter((r) => r.operation === operation);

describe('start --watch on a local endpoint (AWS_ENDPOINT_URL_SFN)', () => {
  test('finds the machine on the server, follows the history live with backoff and ends with the outcome', async () => {
    fake.pageSize = 3;
    // Polls 1-5 see only ExecutionStarted, poll 6 eight events, poll 7 all 22.
    fake.nextHistory = { events: declinedHistory, reveal: [1, 1, 1, 1, 1, 8, 22] };

    const { code, out, err, sleeps } = await run(['start', HAPPY, '--watch'], localEnv);

    expect(err).toEqual([]);
    expect(code).toBe(1);
    const executionArn = `${LOCAL_EXECUTION}:ord-happy-0001-k3x9q2`;
    expect(out).toEqual([
      `Order ord-happy-0001 from ${HAPPY}`,
      'Started execution ord-happy-0001-k3x9q2',
      `Console: ${fake.endpoint}/executions/${executionArn}`,
      'Following it (Ctrl-C stops the watching, not the execution):',
      '   +0.25s  → ValidateOrder',
      '   +1.25s  ← ValidateOrder (1.00s)',
      '   +1.50s  → ChargePayment',
      '   +2.25s    ✗ PaymentGatewayUnavailable: gateway busy',
      '   +2.50s    ↻ retry 1 after PaymentGatewayUnavailable',
      '   +3.00s    ✗ PaymentDeclined: card declined',
      '   +3.50s    ⤷ ChargePayment caught PaymentDeclined, going to ReleaseInventory',
      '   +3.50s  ↩ ReleaseInventory',
      '   +4.50s  ← ReleaseInventory (1.00s)',
      '   +4.75s  → OrderFailed',
      'Status: FAILED',
      'Error: PaymentDeclined',
      'Cause: card declined',
    ]);
    // Doubling while nothing happens, capped at 4 s, back to 0.5 s after news; none after the end.
    expect(sleeps).toEqual([500, 1000, 2000, 4000, 4000, 500]);

    // The ARN came from the server's list (two pages of three), not from CloudFormation.
    expect(fake.requests.map((r) => r.service)).not.toContain('cloudformation');
    expect(requestsOf('ListStateMachines')).toHaveLength(2);
    expect(requestsOf('StartExecution')[0].body).toMatchObject({ stateMachineArn: LOCAL_MACHINE });

    // Each poll reads newest first and stops at the first event it has seen: one page for each of
    // the first five polls, three for the sixth (events 8..1), five for the last (22..8).
    const polls = requestsOf('GetExecutionHistory');
    expect(polls).toHaveLength(5 + 3 + 5);
    for (const { body } of polls) {
      expect(body).toMatchObject({ executionArn, reverseOrder: true, includeExecutionData: false, maxResults: 100 });
    }
    expect(requestsOf('DescribeExecution')).toHaveLength(1);
  });

  test('throttled polls lengthen the wait instead of failing', async () => {
    const executionArn = fake.addExecution({ stateMachineArn: LOCAL_MACHINE, name: 'ord-happy-0001-a', startDate: 1_700_000_000, events: happyHistory });
    fake.throttleHistory = 2;

    const { code, out, err, sleeps } = await run(['watch', executionArn], localEnv);

    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(sleeps).toEqual([500, 1000]);
    expect(out.filter((l) => l.includes('→'))).toHaveLength(3);
    expect(out.slice(-2)).toEqual(['Output:', JSON.stringify(HAPPY_OUTPUT, null, 2)]);
  });
});

describe('--local', () => {
  test('means http://127.0.0.1:8083 with dummy credentials and region; start alone returns once started', async () => {
    const { code, out, err, asked } = await run(['start', HAPPY, '--local'], {});

    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(asked).toEqual([
      { region: 'us-east-1', local: { endpoint: 'http://127.0.0.1:8083', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } },
    ]);
    const executionArn = `${LOCAL_EXECUTION}:ord-happy-0001-k3x9q2`;
    expect(out.slice(2)).toEqual([
      `Console: http://127.0.0.1:8083/executions/${executionArn}`,
      `Execution ARN: ${executionArn}`,
      'Follow it with: npm run order -- watch ord-happy-0001-k3x9q2 --local',
    ]);
    expect(fake.requests.map((r) => r.operation)).toEqual(['ListStateMachines', 'StartExecution']);
  });

  test('keeps the credentials and region the environment sets, and --region over both', async () => {
    const env = { AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'AKIDLOCAL', AWS_SECRET_ACCESS_KEY: 'secret' };
    expect((await run(['list', '--local'], env)).asked).toEqual([
      { region: 'eu-central-1', local: { endpoint: 'http://127.0.0.1:8083' } },
    ]);
    expect((await run(['list', '--local', '--region', 'ap-south-1'], env)).asked[0].region).toBe('ap-south-1');
  });
});

describe('watch', () => {
  test('an execution name, locally: its ARN is built from the server\'s state machine', async () => {
    fake.addExecution({ stateMachineArn: LOCAL_MACHINE, name: 'ord-happy-0001-b', startDate: 1_700_000_000, events: happyHistory });

    const { code, out, err } = await run(['watch', 'ord-happy-0001-b'], localEnv);

    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.slice(0, 2)).toEqual([
      'Execution ord-happy-0001-b',
      `Console: ${fake.endpoint}/executions/${LOCAL_EXECUTION}:ord-happy-0001-b`,
    ]);
    expect(out).toContain('   +2.75s  → OrderConfirmed');
    expect(out.slice(-3, -2)).toEqual(['Status: SUCCEEDED']);
  });

  test('an execution ARN on AWS: its region, no stack lookup, the console link', async () => {
    const executionArn = fake.addExecution({ stateMachineArn: AWS_MACHINE, name: 'ord-x', startDate: 1_700_000_000, events: mapHistory });

    const { code, out, asked } = await run(['watch', executionArn], {});

    expect(code).toBe(1);
    expect(asked).toEqual([{ region: 'eu-west-1' }]);
    expect(fake.requests.map((r) => r.operation)).not.toContain('DescribeStacks');
    expect(out[1]).toBe(
      `Console: https://eu-west-1.console.aws.amazon.com/states/home?region=eu-west-1#/v2/executions/details/${executionArn}`,
    );
    expect(out).toContain('   +2.25s    [1]   ✗ ParcelUndeliverable: parcel too heavy');
  });
});

describe('list', () => {
  beforeEach(() => {
    const add = (name: string, status: 'SUCCEEDED' | 'FAILED' | 'RUNNING' | 'ABORTED', startDate: number, seconds?: number) =>
      fake.addExecution({ stateMachineArn: AWS_MACHINE, name, status, startDate, ...(seconds ? { stopDate: startDate + seconds } : {}) });
    add('ord-a', 'SUCCEEDED', 1_700_000_000, 4.5);
    add('ord-b', 'FAILED', 1_700_000_100, 2);
    add('ord-c', 'RUNNING', 1_700_000_200);
    add('ord-d', 'FAILED', 1_700_000_300, 1.25);
    add('ord-e', 'ABORTED', 1_700_000_400, 60);
    fake.addExecution({ stateMachineArn: LOCAL_MACHINE, name: 'ord-local', status: 'SUCCEEDED', startDate: 1_700_000_000, stopDate: 1_700_000_001 });
    fake.pageSize = 2;
  });

  test('on AWS: the stack names the machine, every page is read, newest first', async () => {
    const { code, out, err } = await run(['list'], {});

    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual([
      'ABORTED    2023-11-14T22:20:00Z     60.00s  ord-e',
      'FAILED     2023-11-14T22:18:20Z      1.25s  ord-d',
      'RUNNING    2023-11-14T22:16:40Z          -  ord-c',
      'FAILED     2023-11-14T22:15:00Z      2.00s  ord-b',
      'SUCCEEDED  2023-11-14T22:13:20Z      4.50s  ord-a',
      `5 executions of ${AWS_MACHINE}.`,
    ]);
    expect(fake.requests[0]).toMatchObject({ service: 'cloudformation', operation: 'DescribeStacks' });
    const pages = requestsOf('ListExecutions').map((r) => r.body);
    expect(pages).toHaveLength(3);
    expect(pages.map((b) => [b.maxResults, b.nextToken === undefined])).toEqual([[100, true], [100, false], [100, false]]);
  });

  test('--status filters on the server (any case), and an empty answer says so', async () => {
    const failed = await run(['list', '--status', 'failed'], {});
    expect(failed.out).toEqual([
      'FAILED     2023-11-14T22:18:20Z      1.25s  ord-d',
      'FAILED     2023-11-14T22:15:00Z      2.00s  ord-b',
      `2 FAILED executions of ${AWS_MACHINE}.`,
    ]);
    expect(requestsOf('ListExecutions')[0].body).toMatchObject({ statusFilter: 'FAILED' });

    const none = await run(['list', '--status', 'TIMED_OUT'], {});
    expect(none.code).toBe(0);
    expect(none.out).toEqual([`No TIMED_OUT executions of ${AWS_MACHINE}.`]);
  });

  test('locally: the executions of the server\'s app machine', async () => {
    const { code, out } = await run(['list'], localEnv);
    expect(code).toBe(0);
    expect(out).toEqual(['SUCCEEDED  2023-11-14T22:13:20Z      1.00s  ord-local', `1 execution of ${LOCAL_MACHINE}.`]);
  });
});

describe('history', () => {
  test('every page, as progress lines and how it ended; exit 0 whatever the execution\'s status', async () => {
    const executionArn = fake.addExecution({ stateMachineArn: AWS_MACHINE, name: 'ord-map', startDate: 1_700_000_000, events: mapHistory });
    fake.pageSize = 4;

    const { code, out, err } = await run(['history', executionArn], {});

    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toBe('   +0.25s  → ShipParcels');
    expect(out.slice(-4)).toEqual([
      '   +4.25s  ← RefundPayment (0.25s)',
      'Status: FAILED',
      'Error: ParcelUndeliverable',
      'Cause: parcel too heavy',
    ]);
    const pages = requestsOf('GetExecutionHistory').map((r) => r.body);
    expect(pages).toHaveLength(5); // 19 events, 4 a page
    expect(pages[0]).toEqual({ executionArn, maxResults: 1000 });
  });

  test('--json: GetExecutionHistory\'s shape, all pages, with the execution data', async () => {
    const executionArn = fake.addExecution({ stateMachineArn: AWS_MACHINE, name: 'ord-d', startDate: 1_700_000_000, events: declinedHistory });
    fake.pageSize = 5;

    const { code, out } = await run(['history', executionArn, '--json'], {});

    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    const { events } = JSON.parse(out[0]);
    expect(events.map((e: { id: number }) => e.id)).toEqual(declinedHistory.map((e) => e.id));
    expect(events[0]).toMatchObject({
      type: 'ExecutionStarted',
      timestamp: '2023-11-14T22:13:20.000Z',
      executionStartedEventDetails: { input: '{}' },
    });
  });

  test('a running execution, by name: the events so far, then Status: RUNNING', async () => {
    fake.addExecution({ stateMachineArn: LOCAL_MACHINE, name: 'ord-running', startDate: 1_700_000_000, events: happyHistory, reveal: [3] });
    const { code, out } = await run(['history', 'ord-running'], localEnv);
    expect(code).toBe(0);
    expect(out).toEqual(['   +0.25s  → ValidateOrder', 'Status: RUNNING']);
  });
});

test('the original form honours AWS_ENDPOINT_URL_SFN too: the server names the machine, the link is local', async () => {
  fake.describeScript = [{ status: 'SUCCEEDED', output: '{}' }];
  const { code, out } = await run([HAPPY], localEnv);
  expect(code).toBe(0);
  expect(out[2]).toBe(`Console: ${fake.endpoint}/executions/${LOCAL_EXECUTION}:ord-happy-0001-k3x9q2`);
  expect(fake.requests.map((r) => r.operation)).toEqual(['ListStateMachines', 'StartExecution', 'DescribeExecution']);
});

test('the original form takes --watch as start does', async () => {
  fake.nextHistory = { events: happyHistory };
  const { code, out } = await run([HAPPY, '--watch'], localEnv);
  expect(code).toBe(0);
  expect(out.slice(3, 5)).toEqual(['Following it (Ctrl-C stops the watching, not the execution):', '   +0.25s  → ValidateOrder']);
});

test.each([
  ['an AWS endpoint', { AWS_ENDPOINT_URL_SFN: 'https://states-fips.eu-west-1.amazonaws.com' }],
  ['endpoint variables switched off', { AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:9', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }],
])('AWS_ENDPOINT_URL_SFN naming %s is AWS: the stack lookup and the console link', async (_what, env) => {
  fake.describeScript = [{ status: 'SUCCEEDED', output: '{}' }];
  const { code, out, asked } = await run([HAPPY], env);
  expect(code).toBe(0);
  expect(asked).toEqual([{ region: undefined }]);
  expect(fake.requests[0].operation).toBe('DescribeStacks');
  expect(out[2]).toMatch(/^Console: https:\/\/eu-west-1\.console\.aws\.amazon\.com\//);
});

test('--help lists the commands and the local option', async () => {
  const { code, out } = await run(['--help'], {});
  expect(code).toBe(0);
  const help = out.join('\n');
  for (const command of ['start <order.json>', 'watch <executionArn|name>', 'list [--status STATUS]', 'history <executionArn|name> [--json]']) {
    expect(help).toContain(`npm run order -- ${command}`);
  }
  expect(help).toContain('--local         use the local server (`npm run local`) at http://127.0.0.1:8083');
  expect(help).toContain('Progress lines: → entered, ← left, ✗ failed, ↻ retried, ⤷ caught, ↩ a compensation entered (a state that undoes a step).');
});

describe('mistakes: one sentence on stderr, nothing on stdout, exit 2', () => {
  test.each([
    [['start'], /^No order file given \(usage: npm run order -- start <order\.json> .*\)\.$/],
    [['watch'], /^No execution given \(usage: npm run order -- watch <executionArn\|name> .*\)\.$/],
    [['history', 'ord-a', 'ord-b'], /^Give exactly one execution, not 2 \(ord-a, ord-b\)\.$/],
    [['watch', 'examples/happy.json'], /^examples\/happy\.json is neither an execution ARN nor an execution name \(up to 80 characters, no spaces, slashes or colons\)\.$/],
    [['history', AWS_MACHINE], /^arn:.*:stateMachine:OrderSagaStateMachine is not an execution ARN \(arn:aws:states:<region>:<account>:execution:<machine>:<name>\)\.$/],
    [['list', 'FAILED'], /^list takes no arguments, but was given FAILED \(usage: npm run order -- list .*\)\.$/],
    [['list', '--status', 'PENDING_REDRIVE'], /^--status PENDING_REDRIVE is not one of RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED\.$/],
    [['start', HAPPY, '--json'], /^Option --json does not apply to start \(usage: npm run order -- start .*\)\.$/],
    [[HAPPY, '--status', 'FAILED'], /^Option --status does not apply to an order file alone \(usage: npm run order -- <order\.json> .*\)\.$/],
    [['history', 'ord-a', '--watch'], /^Option --watch does not apply to history \(usage: .*\)\.$/],
    [['list', '--local=yes'], /^Option --local takes no value\.$/],
  ])('%j', async (argv, sentence) => {
    const { code, out, err } = await run(argv, {});
    expect([code, out, err.length]).toEqual([2, [], 1]);
    expect(err[0]).toMatch(sentence);
    expect(fake.requests).toEqual([]);
  });

  test.each([
    ['--stack with a local endpoint', ['list', '--local', '--stack', 'OrderSagaStack'], {}, [],
      '--stack names a CloudFormation stack, and the local server at http://127.0.0.1:8083 has none: drop it, or pass --arn to pick a state machine.'],
    ['an endpoint variable without a scheme', ['list'], { AWS_ENDPOINT_URL_SFN: '127.0.0.1:8083' }, [],
      'AWS_ENDPOINT_URL_SFN=127.0.0.1:8083 is not a URL such as http://127.0.0.1:8083.'],
    ['an endpoint variable of another scheme', ['list'], { AWS_ENDPOINT_URL_SFN: 'ftp://127.0.0.1:8083' }, [],
      'AWS_ENDPOINT_URL_SFN=ftp://127.0.0.1:8083 is not an http(s) URL such as http://127.0.0.1:8083.'],
  ])('%s', async (_what, argv, env, expectedRequests, sentence) => {
    const { code, out, err } = await run(argv, env);
    expect([code, out, err]).toEqual([2, [], [sentence]]);
    expect(fake.requests).toEqual(expectedRequests);
  });

  test('a server without this app\'s state machine', async () => {
    fake.stateMachines.delete(LOCAL_MACHINE);
    const { code, err } = await run(['list'], localEnv);
    expect(code).toBe(2);
    expect(err).toEqual([
      `The server at ${fake.endpoint} has no state machine named like this app's (WorkflowStateMachine<hash>): is it \`npm run local\` of this project? Pass --arn to pick another.`,
    ]);
  });

  test('a server with two machines named like it', async () => {
    fake.stateMachines.add('arn:aws:states:us-east-1:000000000000:stateMachine:WorkflowStateMachine00000000');
    const { code, err } = await run(['list'], localEnv);
    expect(code).toBe(2);
    expect(err).toEqual([
      `The server at ${fake.endpoint} has 2 state machines named like this app's (WorkflowStateMachine3F6B1A2C, WorkflowStateMachine00000000): pass --arn to pick one.`,
    ]);
  });

  test('an execution name the server does not know', async () => {
    const { code, out, err } = await run(['watch', 'ord-nope'], localEnv);
    const executionArn = `${LOCAL_EXECUTION}:ord-nope`;
    expect([code, out]).toEqual([2, []]);
    expect(err).toEqual([
      `The server at ${fake.endpoint} refused finding execution ${executionArn} (ExecutionDoesNotExist: Execution Does Not Exist: '${executionArn}').`,
    ]);
  });

  test('the history of an execution AWS does not know', async () => {
    const executionArn = `${AWS_MACHINE.replace(':stateMachine:', ':execution:')}:ord-nope`;
    const { code, err } = await run(['history', executionArn], {});
    expect(code).toBe(2);
    expect(err).toEqual([
      `AWS refused reading the history of ${executionArn} (ExecutionDoesNotExist: Execution Does Not Exist: '${executionArn}').`,
    ]);
  });

  test('the executions of a state machine that does not exist', async () => {
    const arn = 'arn:aws:states:eu-west-1:123456789012:stateMachine:Gone';
    const { code, err } = await run(['list', '--arn', arn], {});
    expect(code).toBe(2);
    expect(err).toEqual([
      `AWS refused listing the executions of ${arn} (StateMachineDoesNotExist: State Machine Does Not Exist: '${arn}').`,
    ]);
  });
});
