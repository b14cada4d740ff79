import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { InFlight } from './in-flight';

/** A function as the template deploys it: its bundle, handler, environment and limits. */
export interface FunctionSpec {
  /** The function's logical id in the template (what the emulator and its faults call it by). */
  logicalId: string;
  /** The deployed function name (locally the logical id unless the template names it). */
  functionName: string;
  /** Absolute path of the bundle's entry file (`index.mjs` of the synthesized asset). */
  entry: string;
  /** Export that holds the handler (`handler` for `index.handler`). */
  exportName: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
}

/**
 * A fault injected at the invoke layer: what the Lambda service or runtime would do, never handler
 * code. Each one is a way AWS fails (docs/design.md, "Failure semantics"): some before the handler
 * runs, some after it committed its writes, which is what makes them dangerous to a saga.
 */
export type InvokeFault =
  /** The service refuses the invocation (throttling): `Lambda.TooManyRequestsException`. */
  | { kind: 'throttle' }
  /** The function hangs before doing anything (a dead dependency) until its timeout: `Sandbox.Timedout`. */
  | { kind: 'timeout' }
  /** The invocation fails with this service error (`Lambda.<name>` in the execution); the handler never runs. */
  | { kind: 'service-error'; name: string; message?: string }
  /**
   * The handler starts late (a slow dependency before its first write), so the step's timeout may
   * fire first; the handler still runs, inside the function's own timeout, and its writes land late.
   * `delaySeconds` (unscaled) defaults to the function timeout less 3 s: past a step timeout that is
   * 5 s shorter than the function's, with time left for the handler.
   */
  | { kind: 'late'; delaySeconds?: number }
  /** The handler runs and commits, then its answer never comes: `Sandbox.Timedout` at the function's timeout. */
  | { kind: 'hang-after-commit' }
  /** The handler runs and commits, then the runtime exits before answering: `Runtime.ExitError`. */
  | { kind: 'crash' }
  /** The handler runs and commits, then Lambda answers with a service error, so a Retry runs it again. */
  | { kind: 'service-error-after-commit'; name?: string }
  /**
   * At-least-once delivery: the invocation is delivered twice. `overlapping`: both run at once in two
   * environments and the caller gets whichever answers first; otherwise the second runs right after
   * the first answered, unobserved.
   */
  | { kind: 'duplicate'; overlapping?: boolean };

/** An error the Lambda service or runtime reports; `name` is what Step Functions shows as Error. */
export class LambdaInvokeError extends Error {
  readonly cause: string;
  constructor(name: string, message: string, cause?: string) {
    super(message);
    this.name = name;
    this.cause = cause ?? JSON.stringify({ errorType: name, errorMessage: message, trace: [] });
  }
}


const WORKER_SCRIPT = path.join(__dirname, 'lambda-worker.mjs');

/**
 * One execution environment: a worker thread that loads the bundle once and keeps its module state
 * between invocations (a warm Lambda), running one invocation at a time, as Lambda does. A timeout
 * discards it, and only it.
 */
class ExecutionEnvironment {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private current: { id: string; resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout; start?: NodeJS.Timeout } | undefined;
  /** Why the environment was discarded: an invocation asked of it afterwards fails with this. */
  private discarded: Error | undefined;

  constructor(
    private readonly spec: FunctionSpec,
    private readonly timeScale: number,
    logSink: (functionName: string, line: string) => void,
    private readonly onDiscarded: (environment: ExecutionEnvironment) => void,
  ) {
    const worker = new Worker(WORKER_SCRIPT, {
      workerData: {
        entry: spec.entry,
        exportName: spec.exportName,
        functionName: spec.functionName,
        memoryMb: spec.memoryMb,
        timeScale,
      },
      // The function's own environment, as the template sets it, instead of the emulator's.
      env: { ...lambdaRuntimeEnvironment(spec), ...spec.environment },
      // Not the parent's flags: under `tsx` they carry its TypeScript loader into every sandbox, where
      // it only slows the start (a third of it) of code that is the deployed JavaScript bundle.
      execArgv: [],
      stdout: true,
      stderr: true,
    });
    this.worker = worker;
    worker.stdout.pipe(lineWriter((line) => logSink(spec.functionName, line)));
    worker.stderr.pipe(lineWriter((line) => logSink(spec.functionName, line)));
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (message: { ready?: boolean; id?: string; result?: unknown; error?: LambdaErrorPayload }) => {
        if (message.ready) return resolve();
        const call = this.current;
        if (!call || message.id !== call.id) return;
        this.current = undefined;
        clearTimeout(call.timer);
        clearTimeout(call.start);
        if (message.error) {
          const { errorType, errorMessage } = message.error;
          call.reject(new LambdaInvokeError(errorType, errorMessage, JSON.stringify(message.error)));
        } else {
          call.resolve(message.result);
        }
      });
      // A crash (the bundle failed to load, or threw outside the handler) fails what it was running.
      worker.on('error', (error) => {
        reject(error);
        this.discard(new LambdaInvokeError('Runtime.ExitError', error.message));
      });
      worker.on('exit', () => {
        reject(new Error(`the sandbox of ${spec.functionName} exited before it was ready`));
        this.discard(new LambdaInvokeError('Runtime.ExitError', 'the sandbox exited'));
      });
    });
    this.ready.catch(() => undefined);
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  /**
   * Runs the handler on `event`. The function's timeout counts from now; `startAfterMs` holds the
   * event back that long first (a slow start, inside the function's time), as `late` faults need.
   */
  invoke(event: unknown, startAfterMs = 0): Promise<unknown> {
    if (this.discarded) return Promise.reject(this.discarded);
    const id = randomUUID();
    const timeoutMs = scaledTimeoutMs(this.spec, this.timeScale);
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.discard(timedOut(this.spec, id)), timeoutMs);
      const call: NonNullable<ExecutionEnvironment['current']> = { id, resolve, reject, timer };
      this.current = call;
      const deliver = () => {
        if (this.current?.id === id) this.worker.postMessage({ id, event, requestId: id, deadline });
      };
      if (startAfterMs > 0) call.start = setTimeout(deliver, startAfterMs);
      else deliver();
    });
  }

  /** Ends the environment (its worker is terminated, its timers cleared); what it was running fails with `error`. */
  discard(error: Error): Promise<number> {
    const call = this.current;
    this.current = undefined;
    if (call) {
      clearTimeout(call.timer);
      clearTimeout(call.start);
      call.reject(error);
    }
    if (!this.discarded) {
      this.discarded = error;
      this.onDiscarded(this);
    }
    return this.worker.terminate();
  }
}

/** A function's timeout on a host's (scaled) clock, in milliseconds. */
function scaledTimeoutMs(spec: FunctionSpec, timeScale: number): number {
  return spec.timeoutSeconds * 1000 * timeScale;
}

/** An error of the Lambda runtime itself, as AWS writes its cause: RequestId first, no trace. */
function runtimeError(errorType: string, detail: string, requestId: string = randomUUID()): LambdaInvokeError {
  const message = `RequestId: ${requestId} Error: ${detail}`;
  return new LambdaInvokeError(errorType, message, JSON.stringify({ errorType, errorMessage: message }));
}

/** What Lambda reports for a function stopped at its timeout. */
function timedOut(spec: FunctionSpec, requestId?: string): LambdaInvokeError {
  return runtimeError('Sandbox.Timedout', `Task timed out after ${spec.timeoutSeconds.toFixed(2)} seconds`, requestId);
}

/** What Lambda reports when the runtime process exits in the middle of an invocation. */
function runtimeExited(): LambdaInvokeError {
  return runtimeError('Runtime.ExitError', 'Runtime exited with error: exit status 1');
}

/** What an invocation cut short, or refused, by the host's `stop()` fails with. */
function hostStopped(): LambdaInvokeError {
  return new LambdaInvokeError('Lambda.ServiceException', 'the local emulator stopped');
}

/**
 * Environments each function keeps started ahead of need, as provisioned concurrency does: two
 * invocations at once (a Map over two parcels) both find one ready. Locally every step timeout is
 * scaled down but an environment's start is not, so a cold start could outlast a step's timeout.
 */
export const READY_ENVIRONMENTS = 2;

/**
 * One function's sandboxes: an invocation takes an idle execution environment or starts a new one
 * (concurrent invocations run in separate environments, as on Lambda), and gives it back when it
 * answers. A timeout discards only the environment that ran past it.
 */
class Sandbox {
  private readonly idle: ExecutionEnvironment[] = [];
  private readonly all = new Set<ExecutionEnvironment>();

  constructor(
    private readonly spec: FunctionSpec,
    private readonly timeScale: number,
    private readonly logSink: (functionName: string, line: string) => void,
    /** The host's work in flight: its `sleep` is cut short when the host stops. */
    private readonly inFlight: InFlight,
  ) {}

  /** Once the host stops (its in-flight tracker is stopped first), no environment starts or serves. */
  private get stopped(): boolean {
    return this.inFlight.stopped;
  }

  async invoke(event: unknown, startAfterMs = 0): Promise<unknown> {
    if (this.stopped) throw hostStopped();
    // The most recently used, as Lambda reuses a warm environment; when none is left, start ready
    // ones for the next callers (they queue behind the used ones).
    const environment = this.idle.pop() ?? this.create();
    if (this.idle.length === 0) this.keepReady();
    // Its cold start is not counted against the function's timeout (the timer starts once it is ready).
    try {
      await environment.ready;
    } catch (error) {
      // Terminated while it started: the host stopped.
      if (this.stopped) throw hostStopped();
      throw error;
    }
    try {
      return await environment.invoke(event, startAfterMs);
    } finally {
      if (this.all.has(environment) && !environment.busy) this.idle.push(environment);
    }
  }

  /** The function's timeout on this host's clock, in milliseconds. */
  get timeoutMs(): number {
    return scaledTimeoutMs(this.spec, this.timeScale);
  }

  /** Starts environments ahead of the first invocations (their cold starts are not the workflow's). */
  async warm(environments = READY_ENVIRONMENTS): Promise<void> {
    this.keepReady(environments);
    await Promise.all(this.idle.map((environment) => environment.ready));
  }

  private keepReady(environments = READY_ENVIRONMENTS): void {
    if (this.stopped) return;
    while (this.idle.length < environments) this.idle.unshift(this.create());
  }

  /**
   * Holds an invocation until `ms` have passed, then reports the function's timeout the way Lambda
   * does; when the host stops first, it fails at once with the host's stop error.
   */
  async hangUntilTimeout(ms = this.timeoutMs): Promise<never> {
    await this.inFlight.sleep(ms);
    throw timedOut(this.spec);
  }

  /** Terminates every environment (what runs in one fails at once); none is started afterwards. */
  async stop(): Promise<void> {
    const stopped = hostStopped();
    await Promise.all([...this.all].map((environment) => environment.discard(stopped)));
  }

  private create(): ExecutionEnvironment {
    const environment = new ExecutionEnvironment(this.spec, this.timeScale, this.logSink, (discarded) => {
      this.all.delete(discarded);
      const at = this.idle.indexOf(discarded);
      if (at >= 0) this.idle.splice(at, 1);
    });
    this.all.add(environment);
    return environment;
  }
}

interface LambdaErrorPayload {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** Variables the Lambda runtime sets for every function (the SDK reads the region from them). */
function lambdaRuntimeEnvironment(spec: FunctionSpec): Record<string, string> {
  return {
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_DEFAULT_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: spec.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    TZ: 'UTC',
    NODE_OPTIONS: '',
  };
}

function lineWriter(onLine: (line: string) => void): Writable {
  let buffered = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        onLine(buffered.slice(0, newline));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
      done();
    },
    final(done) {
      if (buffered) onLine(buffered);
      done();
    },
  });
}

export interface LambdaHostOptions {
  /** Scales each function's timeout, like the engine's `timeScale` (0.01: a 10 s timeout is 100 ms). */
  timeScale: number;
  /** Where the functions' log lines go (default: dropped). */
  onLog?: (functionName: string, line: string) => void;
  /** Extra variables every function gets (locally: the DynamoDB endpoint and dummy credentials). */
  sharedEnvironment?: Record<string, string>;
  /**
   * How many invocations may run at once across all functions, as an account's concurrency limit:
   * past it an invocation is throttled (`TooManyRequestsException`). Default: AWS's default of 1000.
   */
  concurrencyLimit?: number;
}

/** AWS's default concurrency limit of an account in a region. */
export const DEFAULT_CONCURRENCY_LIMIT = 1000;

/**
 * The local Lambda service: resolves a function name or ARN to its sandbox, applies injected faults,
 * and invokes the real bundle. Errors are thrown with the Lambda `errorType` as `name`.
 */
export class LambdaHost {
  private readonly sandboxes = new Map<string, Sandbox>();
  private readonly byName = new Map<string, FunctionSpec>();
  private readonly faults = new Map<string, InvokeFault[]>();
  private readonly inFlight = new InFlight();
  private readonly concurrencyLimit: number;
  private readonly timeScale: number;
  private executing = 0;
  readonly invocations: Array<{ functionName: string; logicalId: string }> = [];

  constructor(functions: FunctionSpec[], private readonly options: LambdaHostOptions) {
    this.concurrencyLimit = options.concurrencyLimit ?? DEFAULT_CONCURRENCY_LIMIT;
    this.timeScale = options.timeScale || 1;
    for (const spec of functions) {
      const withShared = { ...spec, environment: { ...options.sharedEnvironment, ...spec.environment } };
      this.byName.set(spec.functionName, withShared);
      this.byName.set(spec.logicalId, withShared);
    }
  }

  /** The next invocations of a function fail with these faults, one per invocation, in order. */
  injectFaults(functionNameOrLogicalId: string, ...faults: InvokeFault[]): void {
    const spec = this.resolve(functionNameOrLogicalId);
    this.faults.set(spec.logicalId, [...(this.faults.get(spec.logicalId) ?? []), ...faults]);
  }

  /**
   * Cold-starts every function now, so that no step's timeout pays for loading its bundle: two
   * environments each by default, or as many as the invocations of one function that will run at
   * once (locally a cold start costs a worker thread's start on a shared CPU, far more than on Lambda).
   */
  async warmUp(environmentsPerFunction?: number): Promise<void> {
    await Promise.all([...new Set(this.byName.values())].map((spec) => this.sandbox(spec).warm(environmentsPerFunction)));
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Invocations running now, those nobody waits for any more (abandoned or duplicated) included. */
  get running(): number {
    return this.inFlight.size;
  }

  /**
   * Resolves once no invocation is running, those nobody waits for included: a step that timed out
   * left its invocation running, and a duplicate delivery runs unobserved. Each ends by its
   * function's timeout at the latest, so this is bounded; their writes have landed when it resolves.
   */
  idle(): Promise<void> {
    return this.inFlight.idle();
  }

  invoke = (functionNameOrArn: string, payload: unknown): Promise<unknown> => {
    if (this.inFlight.stopped) return Promise.reject(hostStopped());
    let spec: FunctionSpec;
    try {
      spec = this.resolve(functionNameOrArn);
    } catch (error) {
      return Promise.reject(error);
    }
    this.invocations.push({ functionName: spec.functionName, logicalId: spec.logicalId });
    const fault = this.faults.get(spec.logicalId)?.shift();
    // A deep copy, as the payload crosses a network boundary on AWS.
    const event = JSON.parse(JSON.stringify(payload ?? null));
    return this.inFlight.track(this.deliver(this.sandbox(spec), event, fault));
  };

  /** One invocation as the service delivers it, with the injected fault (if any) applied. */
  private async deliver(sandbox: Sandbox, event: unknown, fault: InvokeFault | undefined): Promise<unknown> {
    switch (fault?.kind) {
      case 'throttle':
        throw new LambdaInvokeError('TooManyRequestsException', 'Rate Exceeded.');
      case 'service-error':
        throw new LambdaInvokeError(fault.name, fault.message ?? `${fault.name} (injected)`);
      case 'timeout':
        return sandbox.hangUntilTimeout();
      case 'late': {
        const delayMs = fault.delaySeconds !== undefined ? fault.delaySeconds * 1000 * this.timeScale : sandbox.timeoutMs - 3000 * this.timeScale;
        return this.run(sandbox, event, delayMs);
      }
      case 'hang-after-commit': {
        const started = Date.now();
        await this.run(sandbox, event).catch(() => undefined);
        return sandbox.hangUntilTimeout(sandbox.timeoutMs - (Date.now() - started));
      }
      case 'crash':
        await this.run(sandbox, event).catch(() => undefined);
        throw runtimeExited();
      case 'service-error-after-commit': {
        const name = fault.name ?? 'ServiceException';
        await this.run(sandbox, event).catch(() => undefined);
        throw new LambdaInvokeError(name, `${name} after the function ran (injected)`);
      }
      case 'duplicate': {
        if (fault.overlapping) {
          const [first, second] = [this.run(sandbox, event), this.run(sandbox, event)];
          return Promise.race([first, second]);
        }
        const answer = this.run(sandbox, event);
        void this.inFlight.track(answer.catch(() => undefined).then(() => this.run(sandbox, event)));
        return answer;
      }
      case undefined:
        return this.run(sandbox, event);
    }
  }

  /** Runs the handler once, within the account's concurrency limit. */
  private async run(sandbox: Sandbox, event: unknown, startAfterMs = 0): Promise<unknown> {
    // A second delivery after the host stopped (a duplicate's) is never made.
    if (this.inFlight.stopped) throw hostStopped();
    if (this.executing >= this.concurrencyLimit) {
      throw new LambdaInvokeError('TooManyRequestsException', 'Rate Exceeded.');
    }
    this.executing++;
    try {
      return await this.inFlight.track(sandbox.invoke(event, startAfterMs));
    } finally {
      this.executing--;
    }
  }

  /**
   * Ends everything at once, as the end of the process would: every invocation in flight, those
   * nobody waits for included, fails with `Lambda.ServiceException` (its worker is terminated, a
   * write it had not made yet never lands), held-back faults end without waiting for the function's
   * timeout, and no timer is left. Later invocations fail the same way. Resolves once nothing runs;
   * idempotent. (`idle()` is the way to let invocations finish instead.)
   */
  async stop(): Promise<void> {
    this.inFlight.stop(hostStopped());
    await Promise.all([...this.sandboxes.values()].map((sandbox) => sandbox.stop()));
    await this.inFlight.idle();
  }

  private sandbox(spec: FunctionSpec): Sandbox {
    let sandbox = this.sandboxes.get(spec.logicalId);
    if (!sandbox) {
      sandbox = new Sandbox(spec, this.timeScale, this.options.onLog ?? (() => undefined), this.inFlight);
      this.sandboxes.set(spec.logicalId, sandbox);
    }
    return sandbox;
  }

  private resolve(functionNameOrArn: string): FunctionSpec {
    // arn:aws:lambda:region:account:function:name[:qualifier]
    const name = functionNameOrArn.startsWith('arn:')
      ? functionNameOrArn.split(':')[6]
      : functionNameOrArn;
    const spec = this.byName.get(name);
    if (!spec) {
      throw new LambdaInvokeError(
        'ResourceNotFoundException',
        `Function not found: ${functionNameOrArn} (the template defines ${[...new Set([...this.byName.values()].map((s) => s.functionName))].join(', ')})`,
      );
    }
    return spec;
  }
}
