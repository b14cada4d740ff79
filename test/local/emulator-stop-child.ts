/**
 * Run by emulator-stop.test.ts in a child process (`node --import tsx`): starts the emulator, leaves
 * work running that would go on for minutes (an execution polling in its Wait loop, an invocation
 * hung until its function's timeout, a PutEvents request a fault holds back for an hour), calls
 * `stop()`, prints what it saw as one JSON line, and returns: the process must then exit on its own,
 * with nothing left to keep its event loop alive.
 *
 * Arguments: a JSON file holding the SynthesizedStack, and the polling order (never-settled.json).
 */
import fs from 'node:fs';
import { startEmulator } from '../../local/emulator';
import { handlerFunctionIds, type SynthesizedStack } from '../../local/emulator/assembly';

async function main(): Promise<void> {
  const [synthesizedFile, orderFile] = process.argv.slice(2);
  const synthesized = JSON.parse(fs.readFileSync(synthesizedFile, 'utf8')) as SynthesizedStack;
  const order = JSON.parse(fs.readFileSync(orderFile, 'utf8')) as Record<string, unknown>;
  // Real time: each WaitForSettlement lasts 10 s, a function's timeout 15 s or more.
  const emulator = await startEmulator({ synthesized, timeScale: 1 });

  let polling!: () => void;
  const inWait = new Promise<void>((resolve) => (polling = resolve));
  const polls = emulator.startExecution(order, {
    name: 'polls',
    onEvent: (event) => event.type === 'WaitStateEntered' && polling(),
  });
  await inWait;
  emulator.injectFaults(handlerFunctionIds(synthesized.template).get('validateOrder')!, { kind: 'timeout' });
  const hangs = emulator.startExecution({ ...order, orderId: 'ord-hangs-0001' }, { name: 'hangs' });
  emulator.injectServiceFaults({ putEvents: 'Probe' }, { kind: 'late', delaySeconds: 3600 });
  const held = emulator.bus.putEvents([{ Source: 'test', DetailType: 'Probe', Detail: '{}' }]).then(
    () => 'delivered',
    (error: Error) => error.name,
  );
  while (emulator.lambda.running === 0) await new Promise((resolve) => setTimeout(resolve, 20));

  await emulator.stop();
  const executions = await Promise.all([polls, hangs]);
  console.log(
    JSON.stringify({
      statuses: executions.map((execution) => execution.status),
      lastEvents: executions.map((execution) => execution.history[execution.history.length - 1].type),
      held: await held,
      running: emulator.lambda.running,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
