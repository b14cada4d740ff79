// Executions per second, one after another, of the same six-state machine (Pass, Task with
// Retry/Catch, Choice, Fail, Succeed; the Succeed path taken) with a trivial handler: on our engine
// recording full history, on aws-local-stepfunctions (validation off), and in JSONata on ours.
// All three are measured in one run on the same machine, so the ratio is meaningful.
import os from 'node:os';
import { StateMachine } from '../local/engine';

const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:work';
const WARM_UP_MS = 500;
const ROUND_MS = 2_000;
const ROUNDS = 3;

const retry = [{ ErrorEquals: ['Transient'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }];
const catchToRecover = [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }];

const jsonPathMachine = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Parameters: { 'orderId.$': '$.orderId', 'amount.$': '$.amount' }, Next: 'Work' },
    Work: { Type: 'Task', Resource: FUNCTION_ARN, ResultPath: '$.work', Retry: retry, Catch: catchToRecover, Next: 'Route' },
    Route: {
      Type: 'Choice',
      Choices: [{ Variable: '$.work.ok', BooleanEquals: true, Next: 'Done' }],
      Default: 'Recover',
    },
    Recover: { Type: 'Pass', Result: 'recovered', ResultPath: '$.note', Next: 'Failed' },
    Failed: { Type: 'Fail', Error: 'WorkFailed', Cause: 'the work did not succeed' },
    Done: { Type: 'Succeed' },
  },
};

const jsonataMachine = {
  QueryLanguage: 'JSONata',
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Output: { orderId: '{% $states.input.orderId %}', amount: '{% $states.input.amount %}' }, Next: 'Work' },
    Work: {
      Type: 'Task',
      Resource: FUNCTION_ARN,
      Output: '{% $merge([$states.input, {"work": $states.result}]) %}',
      Retry: retry,
      Catch: catchToRecover,
      Next: 'Route',
    },
    Route: { Type: 'Choice', Choices: [{ Condition: '{% $states.input.work.ok %}', Next: 'Done' }], Default: 'Recover' },
    Recover: { Type: 'Pass', Next: 'Failed' },
    Failed: { Type: 'Fail', Error: 'WorkFailed', Cause: 'the work did not succeed' },
    Done: { Type: 'Succeed' },
  },
};

const input = { orderId: 'ord-1', amount: 42 };
const work = async (payload: unknown) => ({ ok: true, echo: (payload as { orderId: string }).orderId });

type Runner = () => Promise<unknown>;
interface Rate {
  wall: number; // executions per second of wall-clock time
  cpu: number; // executions per second of this process's CPU time (robust when the machine is busy)
}

async function warmUp(runOnce: Runner): Promise<void> {
  for (let end = Date.now() + WARM_UP_MS; Date.now() < end; ) await runOnce();
}

async function measure(runOnce: Runner): Promise<Rate> {
  let count = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const end = Date.now() + ROUND_MS;
  while (Date.now() < end) {
    // Batches of 100 keep the clock reads out of the measured cost.
    for (let i = 0; i < 100; i++) await runOnce();
    count += 100;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { wall: count / seconds, cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

function ours(definition: object): Runner {
  const machine = new StateMachine(definition, { invokeFunction: (_fn: string, payload: unknown) => work(payload), timeScale: 0 });
  return async () => {
    const execution = await machine.start(input);
    if (execution.status !== 'SUCCEEDED') throw new Error(`our engine: ${execution.status} ${execution.error} ${execution.cause}`);
    if (execution.history.length === 0) throw new Error('our engine recorded no history');
  };
}

async function theirs(): Promise<Runner> {
  // aws-local-stepfunctions 3 calls Promise.withResolvers (Node 22); polyfill it on Node 20.
  const promiseStatics = Promise as unknown as { withResolvers?: unknown };
  if (!promiseStatics.withResolvers) {
    promiseStatics.withResolvers = <T>() => {
      let resolve!: (value: T) => void;
      let reject!: (reason: unknown) => void;
      const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    };
  }
  const { StateMachine: TheirStateMachine } = await import('aws-local-stepfunctions');
  const machine = new TheirStateMachine(jsonPathMachine as never, { validationOptions: { noValidate: true } });
  const overrides = { taskResourceLocalHandlers: { Work: work } };
  return async () => {
    const result = await machine.run(input, { overrides }).result;
    if ((result as { work?: { ok?: boolean } }).work?.ok !== true) throw new Error('aws-local-stepfunctions: unexpected output');
  };
}

export default async function engineBench(): Promise<void> {
  const runners: [string, Runner][] = [
    ['ours, JSONPath, full history', ours(jsonPathMachine)],
    ['aws-local-stepfunctions, JSONPath', await theirs()],
    ['ours, JSONata, full history', ours(jsonataMachine)],
  ];
  for (const [, runOnce] of runners) await warmUp(runOnce);
  // Rounds alternate between the engines so that a burst of load elsewhere on the machine hits
  // all of them alike; each engine's best round is reported.
  const best = runners.map((): Rate => ({ wall: 0, cpu: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, [, runOnce]] of runners.entries()) {
      const rate = await measure(runOnce);
      best[index] = { wall: Math.max(best[index].wall, rate.wall), cpu: Math.max(best[index].cpu, rate.cpu) };
    }
  }

  const format = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`6-state machine, executions one after another; best of ${ROUNDS} rounds of ${ROUND_MS} ms each (node ${process.version}, load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
  console.log('| engine | executions/s | executions per CPU-second |\n|---|---:|---:|');
  runners.forEach(([name], index) => console.log(`| ${name} | ${format(best[index].wall)} | ${format(best[index].cpu)} |`));
  const [oursJsonPath, theirsJsonPath, oursJsonata] = best;
  console.log(`ratio ours/theirs (JSONPath): ${(oursJsonPath.wall / theirsJsonPath.wall).toFixed(2)}x wall, ${(oursJsonPath.cpu / theirsJsonPath.cpu).toFixed(2)}x CPU`);
  console.log(`ratio ours JSONata/theirs JSONPath: ${(oursJsonata.wall / theirsJsonPath.wall).toFixed(2)}x wall, ${(oursJsonata.cpu / theirsJsonPath.cpu).toFixed(2)}x CPU`);
}
