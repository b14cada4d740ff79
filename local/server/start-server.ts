/**
 * Starts the local Step Functions endpoint: the emulator (the synthesized app, its real bundles,
 * DynamoDB Local, the bus), the service with the app's state machine already in it, and the HTTP
 * server speaking Step Functions' API and EventBridge's PutEvents on loopback.
 */
import { createServer } from 'node:net';
import { startEmulator, type Emulator, type ExecutionResult } from '../emulator';
import { keptAssemblyDir, synthesizeOrderSaga, type SynthesizedStack } from '../emulator/assembly';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../emulator/local-stack';
import { coreActions } from './actions';
import type { ActionContext } from './actions';
import { registerAppStateMachine } from './app-machine';
import { putEvents } from './events-api';
import { checkDefinition, loadMocks, registerExtensionActions } from './extensions';
import type { JsonService } from './http/dispatch';
import { listen } from './http/listen';
import { EVENTS_MODEL, STEP_FUNCTIONS_MODEL } from './model/service-model';
import { LocalStepFunctions } from './service';
import type { ExecutionRecord } from './store/executions';

/** The port Step Functions Local uses, so tools configured for it find this one. */
export const DEFAULT_PORT = 8083;
/** Loopback only: the server runs code on request and has no authentication. */
export const HOST = '127.0.0.1';

export interface LocalServerOptions {
  /** Default 8083; 0 picks a free port. */
  port?: number;
  /** Keep DynamoDB Local's data in this folder between runs. */
  dbPath?: string;
  /** A Step Functions Local MockConfigFile. */
  mockConfig?: string;
  /** The emulator's time scale (default: the emulator's). */
  timeScale?: number;
  /** Lambda invocations that may run at once, as an account's limit; past it they are throttled (default: the emulator's, AWS's 1000). */
  concurrencyLimit?: number;
  /** A synthesized stack to reuse (default: synthesize the app now). */
  synthesized?: SynthesizedStack;
  onFunctionLog?: (functionName: string, line: string) => void;
  /** Where unexpected handler failures are reported (default: stderr). */
  onInternalError?: (error: unknown) => void;
  /** Largest request body (default 4 MiB: a 1 MiB definition, escaped, with room to spare). */
  maxBodyBytes?: number;
  /** Time a client has to send its body (default 20 s) and its headers (default 20 s). */
  bodyTimeoutMs?: number;
  headersTimeoutMs?: number;
  retainedClosedExecutions?: number;
}

export interface LocalServer {
  /** e.g. http://127.0.0.1:8083 */
  url: string;
  port: number;
  /** The app's state machine, as its StateMachineArn output resolves locally. */
  stateMachineArn: string;
  emulator: Emulator;
  service: LocalStepFunctions;
  /** The actions answered, ValidateStateMachineDefinition and TestState included when present. */
  actions: string[];
  /** Stops the HTTP server, aborts running executions, then stops the emulator. */
  stop(): Promise<void>;
}

/** What the emulator's `executionsFromEvents` expects of an execution started by an event. */
function asResult(record: ExecutionRecord): ExecutionResult {
  return {
    status: record.status === 'RUNNING' ? 'ABORTED' : record.status,
    output: record.output === undefined ? undefined : JSON.parse(record.output),
    error: record.error,
    cause: record.cause,
    executionArn: record.executionArn,
    name: record.name,
    history: record.events,
  };
}

/** Fails at once when the port is taken, before the emulator spends seconds starting. */
async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, HOST, () => probe.close(() => resolve()));
  });
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  await assertPortFree(options.port ?? DEFAULT_PORT);
  const mocks = options.mockConfig ? loadMocks(options.mockConfig) : undefined;
  const synthesized = options.synthesized ?? synthesizeOrderSaga(keptAssemblyDir('local-server'));
  let startFromEvent: ((input: unknown) => Promise<ExecutionResult>) | undefined;
  const emulator = await startEmulator({
    synthesized,
    timeScale: options.timeScale,
    concurrencyLimit: options.concurrencyLimit,
    dbPath: options.dbPath,
    onFunctionLog: options.onFunctionLog,
    // An OrderPlaced event on the bus starts the app's machine through the service, so the
    // execution is listed and described like one started by StartExecution.
    startFromEvent: (input) => startFromEvent!(input),
  });
  try {
    const actions = coreActions();
    registerExtensionActions(actions);
    const service = new LocalStepFunctions({
      where: { region: LOCAL_REGION, accountId: LOCAL_ACCOUNT },
      engineOptions: emulator.engineOptions,
      mocks,
      checkDefinition,
      retainedClosedExecutions: options.retainedClosedExecutions,
    });
    const app = registerAppStateMachine(service, emulator.stack, synthesized.template);
    startFromEvent = (input) => {
      const record = service.start({ target: { record: app, revision: app.current }, input: JSON.stringify(input), parsedInput: input, express: false });
      return record.finished.then(() => asResult(record));
    };

    const context = (requestId: string): ActionContext => ({
      service,
      engineOptions: emulator.engineOptions,
      region: LOCAL_REGION,
      accountId: LOCAL_ACCOUNT,
      requestId,
    });
    const stepFunctions: JsonService = {
      model: STEP_FUNCTIONS_MODEL,
      handler: (operation) => {
        const handler = actions.get(operation);
        return handler && (async (input, requestId) => handler(input, context(requestId)));
      },
    };
    const events: JsonService = {
      model: EVENTS_MODEL,
      handler: (operation) => (operation === 'PutEvents' ? async (input) => putEvents(emulator.bus, input as Parameters<typeof putEvents>[1]) : undefined),
    };
    const http = await listen([stepFunctions, events], {
      host: HOST,
      port: options.port ?? DEFAULT_PORT,
      maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
      bodyTimeoutMs: options.bodyTimeoutMs ?? 20_000,
      headersTimeoutMs: options.headersTimeoutMs ?? 20_000,
      onInternalError: options.onInternalError ?? ((error) => console.error('local server: internal error:', error)),
    });
    return {
      url: `http://${HOST}:${http.port}`,
      port: http.port,
      stateMachineArn: app.arn,
      emulator,
      service,
      actions: [...actions.keys()],
      stop: async () => {
        await http.close();
        await service.abortRunning();
        await emulator.stop();
      },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

/**
 * The variables that point AWS's SDKs and CLI at this server. Each is named after the service's id
 * in the SDKs (`SFN`, `EventBridge`), not its endpoint prefix: `AWS_ENDPOINT_URL_EVENTS` is read by
 * no SDK, and clients using it went to the real EventBridge.
 */
export function endpointVariables(url: string): Record<string, string> {
  return { AWS_ENDPOINT_URL_SFN: url, AWS_ENDPOINT_URL_EVENTBRIDGE: url };
}
