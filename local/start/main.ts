/**
 * `npm start [-- order.json ...]`: runs sample orders through the real workflow, locally, and prints
 * for each a readable trace, its end, the events it published and what it left in the tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { COMPENSATIONS } from '../../lib/workflow/expressions';
import { startEmulator } from '../emulator';
import { keptAssemblyDir, synthesizeOrderSaga } from '../emulator/assembly';
import { READY_ENVIRONMENTS } from '../emulator/lambda-host';
import { ExecutionOwners, runSamples } from './run-samples';
import { SampleRun } from './sample-run';
import { readSampleFile, SampleFileError } from './samples';
import { StockLedger } from './stock-ledger';
import { WarmCapacity } from './warm-capacity';

// Node 20 is supported here (package.json engines); the SDK's notice about its future Node 22
// requirement would only clutter the trace.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const showLogs = args.includes('--logs');
  const files = args.filter((arg) => !arg.startsWith('--'));
  const samples = files.length > 0 ? files : defaultSamples();
  const started = Date.now();

  console.log('Starting the local stack: synthesizing the app, DynamoDB Local, the functions...');
  const owners = new ExecutionOwners();
  const emulator = await startEmulator({
    synthesized: () => synthesizeOrderSaga(keptAssemblyDir('assembly')),
    onFunctionLog: showLogs ? (name, line) => console.log(`      [${name}] ${line}`) : undefined,
    startFromEvent: owners.start,
    shortRun: true,
  });
  owners.emulator = emulator;
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  let toolingFailures = 0;
  let unexplained: string[] = [];
  try {
    const shared = {
      emulator,
      ledger: new StockLedger(emulator),
      capacity: new WarmCapacity(READY_ENVIRONMENTS),
      compensations: COMPENSATIONS,
    };
    // A file that cannot be run is reported in its place, between the others.
    const blocks = samples.map((file) => {
      try {
        return new SampleRun(file, readSampleFile(file), shared);
      } catch (error) {
        if (!(error instanceof SampleFileError)) throw error;
        toolingFailures += 1;
        return `✗ ${path.relative(process.cwd(), file)}: ${error.message}\n`;
      }
    });
    const runs = blocks.filter((block) => block instanceof SampleRun);
    const { reports, unexplained: left } = runSamples(shared, runs, owners, { oneAtATime: showLogs });
    // In file order, each block whole, each printed as soon as it and those before it are done.
    const reportOf = new Map(runs.map((run, at) => [run, reports[at]]));
    for (const block of blocks) {
      if (typeof block === 'string') console.log(block);
      else for (const line of (await reportOf.get(block)!).lines) console.log(line);
    }
    unexplained = await left;
  } finally {
    await emulator.settle();
    await emulator.stop();
  }
  // Each report shows its own sample alone; if something happened that none of them shows, say so.
  for (const line of unexplained) console.log(`⚠ ${line}`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${samples.length} file(s) in ${seconds} s${toolingFailures ? `, ${toolingFailures} could not be run` : ''}.`);
  return toolingFailures > 0 || unexplained.length > 0 ? 1 : 0;
}

function defaultSamples(): string[] {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(EXAMPLES_DIR, name));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
