import { DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { StateMachine } from '../engine';
import type { EngineOptions, ExecutionResult, HistoryEvent } from '../engine/types';
import { launchDynamoDbLocal } from '../dynamodb-local';
import { synthesizeOrderSaga, SynthesizedStack } from './assembly';
import { deployTables } from './deploy-time-calls';
import { Delivery, LocalEventBus, PutEventsEntry } from './event-bus';
import { EmulatorStoppedError } from './in-flight';
import { InvokeFault, LambdaHost } from './lambda-host';
import { ServiceCall, ServiceFault, ServiceFaults } from './service-faults';
import { describeLocalStack, LOCAL_ACCOUNT, LOCAL_REGION, LocalStack } from './local-stack';
import { createTableFromTemplate } from './tables';

export type { InvokeFault } from './lambda-host';
export { EmulatorStoppedError } from './in-flight';
export type { ServiceCall, ServiceFault } from './service-faults';
export type { BusEvent } from './event-bus';
export type { ExecutionResult, HistoryEvent };

/**
 * A 10 s wait takes 1 s. Task timeouts shrink by as much (a 15 s step may take 1.5 s), which leaves
 * handlers talking to DynamoDB Local a wide margin even on a first call in a busy two-core machine
 * (a function's first call measured 150 ms when quiet, against 20 ms after; at 0.05 it once outlasted
 * its 0.75 s).
 */
export const DEFAULT_TIME_SCALE = 0.1;

/**
 * What an execution that `stop()` ended reports in its ExecutionAborted event and result: the error
 * and cause StopExecution would have been given.
 */
export const EMULATOR_STOPPED = {
  error: 'Emulator.Stopped',
  cause: 'The local emulator stopped (Emulator.stop()) while the execution was running.',
} as const;

export interface EmulatorOptions {
  /**
   * Scales every duration: the engine's Wait states, retry intervals and TimeoutSeconds, and each
   * function's configured timeout, so their order is AWS's. 0.01 runs a 10 s wait in 100 ms.
   */
  timeScale?: number;
  /**
   * A synthesized stack to reuse (synthesizing takes seconds), or how to synthesize it: a function
   * runs once DynamoDB Local's JVM is spawned, so that the synth overlaps its boot. Default:
   * synthesize the app, likewise.
   */
  synthesized?: SynthesizedStack | (() => SynthesizedStack);
  /** Each line a function logs (default: dropped). */
  onFunctionLog?: (functionName: string, line: string) => void;
  /** Invocations that may run at once across all functions, as an account's limit (default 1000). */
  concurrencyLimit?: number;
  /**
   * DynamoDB Local keeps its data in this folder between runs (default: in memory). Tables found
   * there are kept as they are: not re-created, not re-seeded.
   */
  dbPath?: string;
  /**
   * Starts the execution that an event on the bus asks for (a rule whose target is the state
   * machine). Default: the emulator runs it itself. The local API server passes its own, so that
   * such executions are listed and described like the ones started through the API. Executions
   * started this way are the caller's to stop: `stop()` ends only the ones the emulator started.
   */
  startFromEvent?: (input: unknown) => Promise<ExecutionResult>;
  /** A run of seconds, as `npm start`'s: DynamoDB Local starts for that (its StartOptions.shortRun). */
  shortRun?: boolean;
}

export interface StartExecutionOptions {
  name?: string;
  onEvent?: (event: HistoryEvent) => void;
}

/** The order saga, running locally: the synthesized definition, the real bundles, DynamoDB Local. */
export interface Emulator {
  readonly stack: LocalStack;
  /** The stack's outputs as the template declares them, resolved to local names. */
  readonly outputs: Record<string, string>;
  readonly bus: LocalEventBus;
  readonly lambda: LambdaHost;
  readonly dynamodb: DynamoDBDocumentClient;
  /**
   * How the engine reaches the local stack (its functions, DynamoDB Local, the bus), with the time
   * scale: a `StateMachine` built from any definition with these options runs against this stack.
   */
  readonly engineOptions: EngineOptions;
  /** Executions started by events on the bus (an `OrderPlaced` event), in the order they started. */
  readonly executionsFromEvents: Array<Promise<ExecutionResult>>;
  /**
   * Runs one execution of the state machine to its end, and resolves with how it ended: ABORTED
   * when `stop()` ended it first. After `stop()` it rejects with EmulatorStoppedError.
   */
  startExecution(input: unknown, options?: StartExecutionOptions): Promise<ExecutionResult>;
  /** Puts events on the stack's bus, as `aws events put-events` would. After `stop()` it rejects with EmulatorStoppedError. */
  putEvents(entries: PutEventsEntry[]): Promise<unknown>;
  /** Every item of a table, by its output name (`OrdersTableName`) or logical id. */
  scan(table: string): Promise<Array<Record<string, unknown>>>;
  /** The next invocations of a function (logical id or function name) fail with these faults. */
  injectFaults(functionId: string, ...faults: InvokeFault[]): void;
  /** The next matching calls of a direct service integration (PutEvents, DynamoDB) fail with these faults. */
  injectServiceFaults(call: ServiceCall, ...faults: ServiceFault[]): void;
  /**
   * Waits, cutting nothing short: resolves once the executions started by events have ended, and
   * every invocation or service request nobody waits for any more (a timed-out step's, a duplicate
   * delivery's, one a fault holds back) has ended, its late writes landed. Each is bounded by its
   * function's timeout. An execution started by `startExecution` is its caller's to await: settle
   * does not wait for it (only for the work it abandoned).
   */
  settle(): Promise<void>;
  /**
   * Waits as `settle()` does (late writers are never cut short: a fault run reads what they wrote),
   * then empties and re-seeds every table; forgets events and faults. After `stop()` it rejects with
   * EmulatorStoppedError.
   */
  reset(): Promise<void>;
  /**
   * Ends everything now, as the end of the process would, without waiting for anything to finish:
   * each running execution the emulator started (`startExecution`, or an event without
   * `startFromEvent`) is stopped as StopExecution stops it (ABORTED, an ExecutionAborted event whose
   * error is `Emulator.Stopped` and whose cause says the emulator stopped; its promise resolves with
   * that); every invocation in flight ends (its worker thread is terminated: a write it had not made
   * never lands), and so does every request a service fault holds back; no timer is left. Then the
   * functions and DynamoDB Local stop. Executions `startFromEvent` started are its owner's to stop
   * (the local server aborts its own first). To let late writers land first, `settle()` before.
   * Idempotent; a second call resolves when the first has finished.
   */
  stop(): Promise<void>;
}

/** Waits for all of them (none is left running behind a failure), then fails with the first failure. */
async function allOrFirstError(work: Array<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
  // The JVM boots in a process of its own (seconds): spawned first, it boots while this process
  // synthesizes the app and loads the functions.
  const dynamo = await launchDynamoDbLocal({ ...(options.dbPath ? { dbPath: options.dbPath } : { isolated: true }), shortRun: options.shortRun });
  const stopped: Array<() => Promise<void>> = [dynamo.stop];
  try {
    const synthesized = typeof options.synthesized === 'function' ? options.synthesized() : (options.synthesized ?? synthesizeOrderSaga());
    const stack = describeLocalStack(synthesized);
    // The SDK's default retries of network errors, as Step Functions' own integration calls have:
    // under load DynamoDB Local's HTTP server drops a kept-alive socket now and then ("socket hang up").
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: LOCAL_REGION, credentials: dynamo.credentials });
    stopped.push(async () => client.destroy());
    const dynamodb = DynamoDBDocumentClient.from(client);
    // The SDK inside each function finds DynamoDB Local through the standard endpoint variable.
    const lambda = new LambdaHost(stack.functions, {
      timeScale,
      concurrencyLimit: options.concurrencyLimit,
      onLog: options.onFunctionLog,
      sharedEnvironment: {
        AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        AWS_ACCESS_KEY_ID: dynamo.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: dynamo.credentials.secretAccessKey,
        AWS_REGION: LOCAL_REGION,
        // Lambda runs them on Node 24; on this machine's Node 20 the SDK's notice of its coming Node 22
        // requirement would open every function's log.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    stopped.push(() => lambda.stop());

    const executionsFromEvents: Array<Promise<ExecutionResult>> = [];
    const bus = new LocalEventBus(stack.rules, (delivery) => deliver(delivery), {
      account: LOCAL_ACCOUNT,
      region: LOCAL_REGION,
      defaultBusName: 'default',
    });
    const engineOptions: EngineOptions = {
      invokeFunction: lambda.invoke,
      putEvents: (entries) => bus.putEvents(entries as PutEventsEntry[]),
      services: { dynamodb: client },
      timeScale,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
    };
    const machine = new StateMachine(stack.stateMachine.definition, {
      ...engineOptions,
      stateMachineName: stack.names.get(stack.stateMachine.logicalId),
    });
    const serviceFaults = new ServiceFaults(bus, client, timeScale);
    const settle = async () => {
      for (let count = -1; count !== executionsFromEvents.length; ) {
        count = executionsFromEvents.length;
        await Promise.allSettled(executionsFromEvents);
        await lambda.idle();
        await serviceFaults.idle();
      }
    };
    // Every execution the emulator started that still runs, so that `stop()` can end it.
    const running = new Map<AbortController, Promise<ExecutionResult>>();
    let stopping: Promise<void> | undefined;
    const run = (input: unknown, startOptions: StartExecutionOptions = {}): Promise<ExecutionResult> => {
      if (stopping) return Promise.reject(new EmulatorStoppedError('the emulator was stopped: startExecution cannot start an execution'));
      const abort = new AbortController();
      const execution = machine.start(input, { ...startOptions, signal: abort.signal });
      running.set(abort, execution);
      const forget = () => running.delete(abort);
      execution.then(forget, forget);
      return execution;
    };
    const deliver = (delivery: Delivery) => {
      if (delivery.target.arn === stack.stateMachine.arn && !stopping) {
        executionsFromEvents.push(options.startFromEvent ? options.startFromEvent(delivery.input) : run(delivery.input));
      }
      // Other targets (the alarms' log groups) only record the delivery, kept in bus.deliveries.
    };

    // Kept data (--db-path) is used as found: a restart sees the stock and orders as they were.
    const createOrKeepTables = async () => {
      const kept = options.dbPath ? new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []) : new Set<string>();
      if (stack.tables.some((table) => kept.has(table.tableName))) {
        for (const table of stack.tables) if (!kept.has(table.tableName)) await createTableFromTemplate(client, table);
      } else {
        await deployTables(client, stack);
      }
    };
    // Side by side: the workers load their bundles (CPU in this process) while the JVM warms up and
    // creates the tables (CPU in its own). A worker's start ends with a request to DynamoDB Local
    // (lambda-worker.mjs primes its SDK), hence not before it answers.
    await dynamo.answering;
    await allOrFirstError([lambda.warmUp(), dynamo.ready, createOrKeepTables()]);

    const { outputs } = stack;
    const tableName = (table: string) => outputs[table] ?? stack.names.get(table) ?? table;

    return {
      stack,
      outputs,
      bus,
      lambda,
      dynamodb,
      engineOptions,
      executionsFromEvents,
      startExecution: run,
      putEvents: async (entries) => {
        if (stopping) throw new EmulatorStoppedError('the emulator was stopped: putEvents cannot put events');
        return bus.putEvents(entries.map((entry) => ({ EventBusName: stack.busName, ...entry })));
      },
      scan: async (table) => {
        const result = await dynamodb.send(new ScanCommand({ TableName: tableName(table), ConsistentRead: true }));
        return result.Items ?? [];
      },
      injectFaults: (functionId, ...faults) => lambda.injectFaults(functionId, ...faults),
      injectServiceFaults: (call, ...faults) => serviceFaults.inject(call, ...faults),
      settle,
      reset: async () => {
        const refuse = () => {
          if (stopping) throw new EmulatorStoppedError('the emulator was stopped: reset cannot re-seed its tables');
        };
        refuse();
        lambda.clearFaults();
        serviceFaults.clear();
        await settle();
        refuse();
        executionsFromEvents.length = 0;
        bus.clear();
        for (const table of stack.tables) await client.send(new DeleteTableCommand({ TableName: table.tableName }));
        await deployTables(client, stack);
        await lambda.warmUp();
      },
      // Once: a second call (or one made while the first runs) gets the first one's promise.
      stop: () =>
        (stopping ??= (async () => {
          // The executions first, so that none of them reacts to its invocations failing below.
          for (const abort of running.keys()) abort.abort(EMULATOR_STOPPED);
          await Promise.allSettled(running.values());
          await serviceFaults.stop();
          for (const stop of stopped.reverse()) await stop();
        })()),
    };
  } catch (error) {
    for (const stop of stopped.reverse()) await stop();
    throw error;
  }
}
