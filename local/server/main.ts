/**
 * `npm run local [-- --port N] [--db-path DIR] [--mock-config FILE] [--time-scale X]
 * [--concurrency-limit N] [--logs]`:
 * the Step Functions API (and EventBridge's PutEvents) on http://127.0.0.1:8083, backed by the
 * emulator, until Ctrl-C.
 */
import { JavaMissingError } from '../dynamodb-local';
import { DEFAULT_PORT, endpointVariables, startLocalServer, type LocalServer } from './start-server';

// Node 20 is supported here (package.json engines); the SDK's notice about Node 22 is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const USAGE = 'usage: npm run local -- [--port N] [--db-path DIR] [--mock-config FILE] [--time-scale X] [--concurrency-limit N] [--logs]';

class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Args {
  port: number;
  dbPath?: string;
  mockConfig?: string;
  timeScale?: number;
  concurrencyLimit?: number;
  logs: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: DEFAULT_PORT, logs: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') {
      args.port = Number(value());
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new UsageError('--port takes a port number (0 to 65535)');
    } else if (flag === '--db-path') args.dbPath = value();
    else if (flag === '--mock-config') args.mockConfig = value();
    else if (flag === '--time-scale') {
      args.timeScale = Number(value());
      if (!(args.timeScale >= 0)) throw new UsageError('--time-scale takes a number, 0 or more');
    } else if (flag === '--concurrency-limit') {
      args.concurrencyLimit = Number(value());
      if (!Number.isInteger(args.concurrencyLimit) || args.concurrencyLimit < 1) throw new UsageError('--concurrency-limit takes a whole number, 1 or more');
    } else if (flag === '--logs') args.logs = true;
    else if (flag === '--help' || flag === '-h') throw new UsageError('');
    else throw new UsageError(`unknown option ${flag}`);
  }
  return args;
}

function banner(server: LocalServer): string {
  const busName = server.emulator.stack.busName;
  const functions = server.emulator.stack.functions.map((f) => `    ${f.functionName}`).join('\n');
  return [
    `Step Functions API and EventBridge PutEvents on ${server.url} (Ctrl-C stops it).`,
    '',
    'In another shell:',
    ...Object.entries(endpointVariables(server.url)).map(([name, value]) => `  export ${name}=${value}`),
    '  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1',
    '',
    `The app's state machine: ${server.stateMachineArn}`,
    `Its event bus: ${busName}  (sed "s/REPLACE_WITH_EventBusName_OUTPUT/${busName}/" examples/order-placed-event.json)`,
    'Lambda functions a definition can call (by name or ARN):',
    functions,
    '',
    `Actions: ${server.actions.length} (${server.actions.includes('TestState') ? 'TestState included' : 'TestState not in this checkout'}).`,
    'Executions live as long as this process.',
  ].join('\n');
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(`npm run local: ${error.message}`);
    console.error(USAGE);
    return 2;
  }
  console.log('Starting the local stack: synthesizing the app, DynamoDB Local, the functions...');
  const server = await startLocalServer({
    port: args.port,
    dbPath: args.dbPath,
    mockConfig: args.mockConfig,
    timeScale: args.timeScale,
    concurrencyLimit: args.concurrencyLimit,
    onFunctionLog: args.logs ? (name, line) => console.log(`[${name}] ${line}`) : undefined,
  });
  console.log(banner(server));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('\nStopping: running executions are aborted, then the functions and DynamoDB Local stop.');
  await server.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'EADDRINUSE') console.error(`npm run local: the port is in use (another server on it?); pick another with --port N`);
    else if (error instanceof JavaMissingError) console.error(`npm run local: ${error.message}`);
    else console.error(`npm run local failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
