/**
 * `npm start [-- order.json ...]`: runs sample orders through the real workflow, locally, and prints
 * for each a readable trace, its end, the events it published and what it left in the tables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator, type ExecutionResult } from './emulator';
import { keptAssemblyDir, synthesizeOrderSaga } from './emulator/assembly';
import { readSampleFile, SampleFileError, type Sample } from './samples';
import { causeMessage, traceLines } from './trace';
import { describeLeftovers } from './leftovers';

// Node 20 is supported here (package.json engines); the SDK's notice about its future Node 22
// requirement would only clutter the trace.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const showLogs = args.includes('--logs');
  const files = args.filter((arg) => !arg.startsWith('--'));
  const samples = files.length > 0 ? files : defaultSamples();
  const started = Date.now();

  console.log('Starting the local stack: synthesizing the app, DynamoDB Local, the functions...');
  const emulator = await startEmulator({
    synthesized: synthesizeOrderSaga(keptAssemblyDir('assembly')),
    onFunctionLog: showLogs ? (name, line) => console.log(`      [${name}] ${line}`) : undefined,
  });
  console.log(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
  let toolingFailures = 0;
  try {
    for (const file of samples) {
      try {
        await runSample(emulator, file);
      } catch (error) {
        if (!(error instanceof SampleFileError)) throw error;
        console.log(`✗ ${path.relative(process.cwd(), file)}: ${error.message}\n`);
        toolingFailures += 1;
      }
    }
  } finally {
    await emulator.stop();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`${samples.length} file(s) in ${seconds} s${toolingFailures ? `, ${toolingFailures} could not be run` : ''}.`);
  return toolingFailures > 0 ? 1 : 0;
}

function defaultSamples(): string[] {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(EXAMPLES_DIR, name));
}

async function runSample(emulator: Emulator, file: string): Promise<void> {
  const sample: Sample = readSampleFile(file);
  await emulator.reset();
  console.log(`━━ ${path.basename(file)}${sample.kind === 'event' ? ' (an OrderPlaced event on the bus)' : ''}`);
  const runs = await execute(emulator, sample);
  for (const [index, execution] of runs.entries()) {
    if (runs.length > 1) console.log(`  run ${index + 1} of ${runs.length}:`);
    for (const line of traceLines(execution.history)) console.log(`    ${line}`);
    console.log(`  ${outcomeLine(execution)}`);
  }
  const orderId = sample.orderId;
  const published = emulator.bus.events
    .filter((event) => event['detail-type'] !== 'OrderPlaced')
    .map((event) => event['detail-type']);
  console.log(`  events: ${published.length ? published.join(', ') : 'none'}`);
  for (const line of await describeLeftovers(emulator, orderId)) console.log(`  ${line}`);
  console.log('');
}

/** Runs the sample: an order starts one execution (a duplicate-* sample, two); an event goes on the bus. */
async function execute(emulator: Emulator, sample: Sample): Promise<ExecutionResult[]> {
  if (sample.kind === 'event') {
    await emulator.putEvents(sample.entries);
    return Promise.all(emulator.executionsFromEvents);
  }
  const first = await emulator.startExecution(sample.order);
  if (!sample.runTwice) return [first];
  return [first, await emulator.startExecution(sample.order)];
}

function outcomeLine(execution: ExecutionResult): string {
  if (execution.status === 'SUCCEEDED') return `■ SUCCEEDED  output: ${JSON.stringify(execution.output)}`;
  return `■ ${execution.status}  ${execution.error ?? ''}${execution.cause ? `: ${causeMessage(execution.cause)}` : ''}`;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
