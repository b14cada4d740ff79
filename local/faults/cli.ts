/**
 * `npm run faults [-- --runs N] [--seed S] [--step NAME]`: the fault matrix, every step with a side
 * effect by every fault AWS can produce there, on the synthesized workflow with the real bundles and
 * DynamoDB Local; then N property runs (random orders under random fault schedules). Exits 1 when
 * any invariant broke, 2 on bad arguments.
 */
import { formatMatrix, matrixHolds, runMatrix, cellMark } from './matrix';
import { runProperties } from './properties';
import { startFaultLabs } from './start-lab';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Emulators side by side: most of a run is waiting on scaled timeouts and backoffs. */
const LANES = 3;

interface Args {
  runs: number;
  seed?: number;
  step?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { runs: 0 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const integer = () => {
      if (value === undefined || !/^-?\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number`);
      i++;
      return Number(value);
    };
    if (flag === '--runs') args.runs = integer();
    else if (flag === '--seed') args.seed = integer();
    else if (flag === '--step') {
      if (!value) throw new UsageError('--step takes a step name, e.g. ReserveInventory');
      args.step = value;
      i++;
    } else throw new UsageError(`unknown argument ${flag} (use --runs N, --seed S, --step NAME)`);
  }
  if (args.runs < 0) throw new UsageError('--runs must not be negative');
  return args;
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`npm run faults: ${error.message}`);
    return 2;
  }
  const started = Date.now();
  const { labs, stop } = await startFaultLabs(LANES);
  try {
    const results = await runMatrix(
      labs,
      (cell) => console.log(`${cellMark(cell).padEnd(3)} ${cell.step} × ${cell.fault}${cell.violations ? `  (${cell.endings.join('; ')})` : ''}`),
      args.step ? (step) => step === args.step : undefined,
    );
    console.log(`\n${formatMatrix(results)}\n`);
    let holds = matrixHolds(results);
    if (args.runs > 0) {
      const report = await runProperties(labs, { runs: args.runs, seed: args.seed });
      console.log(report.text);
      holds &&= report.holds;
    }
    console.log(`${holds ? 'every invariant held' : 'invariants broken'} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    return holds ? 0 : 1;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
