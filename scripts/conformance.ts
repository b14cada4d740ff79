/**
 * `npm run conformance`: runs the local engine against executions recorded on AWS Step Functions.
 * The corpus (cases.jsonl, with its runner run.mjs) stays outside the repository: it is derived from
 * LocalStack's test recordings. It is looked for in ../shared/conformance beside the clone, or given
 * with `--cases FILE` (the runner beside that file, else the one in ../shared/conformance).
 * Without it this prints one sentence and exits 2, rather than a module-not-found stack trace.
 *
 * `--guard` (for .ci/run) also fails, exit 1, when fewer cases pass than scripts/conformance-baseline.json records.
 * Exit codes: the runner's own (0 the run completed, 2 the harness failed), 1 a guard regression, 2 a mistake.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { judge, passedCount, recordedPassed } from './conformance-guard';

const PROJECT_ROOT = path.join(__dirname, '..');
const SHARED_CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'conformance');
const SHOWN_CORPUS = path.join('..', 'shared', 'conformance');

// The runner's options (../shared/conformance/README.md) and whether each takes a value: checked
// here so that a typo gets a sentence, not the runner's stack trace.
const RUNNER_OPTIONS: Record<string, boolean> = {
  '--engine': true,
  '--filter': true,
  '--timeout': true,
  '--show': true,
  '--json': false,
  '--verbose': false,
  '-v': false,
  '--help': false,
  '-h': false,
};

class UsageError extends Error {
  override readonly name = 'UsageError';
}

interface Plan {
  cases: string;
  runner: string;
  guard: boolean;
  passThrough: string[];
}

function plan(argv: string[]): Plan {
  let cases: string | undefined;
  let guard = false;
  const passThrough: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? splitOnce(argv[i]) : [argv[i], undefined];
    if (flag === '--guard') {
      guard = true;
    } else if (flag === '--cases') {
      cases = inline ?? argv[++i];
      if (!cases) throw new UsageError('--cases needs a file: the cases.jsonl of the conformance corpus.');
    } else if (flag in RUNNER_OPTIONS) {
      passThrough.push(flag);
      if (RUNNER_OPTIONS[flag]) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`${flag} needs a value.`);
        passThrough.push(value);
      }
    } else {
      throw new UsageError(
        `Unknown option ${argv[i]}: npm run conformance takes --cases FILE, --guard and the runner's --filter, --json, --verbose, --show, --timeout, --engine.`,
      );
    }
  }
  if (guard && passThrough.some((a) => a === '--filter' || a === '--engine')) {
    throw new UsageError('--guard compares the whole corpus run by the project engine with the recorded count: drop --filter and --engine.');
  }

  if (cases === undefined) {
    const shared = path.join(SHARED_CORPUS, 'cases.jsonl');
    if (!fs.existsSync(shared)) {
      throw new UsageError(
        `No conformance corpus in ${SHOWN_CORPUS}: it is executions recorded on AWS Step Functions (from LocalStack's tests, kept outside this repository); point at a copy with \`npm run conformance -- --cases FILE\`, its run.mjs beside it.`,
      );
    }
    return { cases: shared, runner: path.join(SHARED_CORPUS, 'run.mjs'), guard, passThrough };
  }
  const casesFile = path.resolve(cases);
  if (!fs.existsSync(casesFile) || fs.statSync(casesFile).isDirectory()) {
    throw new UsageError(`--cases ${cases} is not a file: give the cases.jsonl of the conformance corpus.`);
  }
  const runner = [path.join(path.dirname(casesFile), 'run.mjs'), path.join(SHARED_CORPUS, 'run.mjs')].find((f) => fs.existsSync(f));
  if (!runner) {
    throw new UsageError(`No conformance runner beside ${cases} or in ${SHOWN_CORPUS}: the corpus comes with its run.mjs, copy it too.`);
  }
  return { cases: casesFile, runner, guard, passThrough };
}

/** Runs the runner from the project's root (its adapter loads local/engine through tsx); resolves its exit code and output. */
function runRunner(p: Plan): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', p.runner, '--cases', p.cases, ...p.passThrough], {
      cwd: PROJECT_ROOT,
      // Without the guard nothing is read back: the runner's output goes straight through.
      stdio: p.guard ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    const echo = (to: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString('utf8');
      to.write(chunk);
    };
    child.stdout?.on('data', echo(process.stdout));
    child.stderr?.on('data', echo(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 2, output }));
  });
}

async function main(argv: string[]): Promise<number> {
  let p: Plan;
  try {
    p = plan(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  const { code, output } = await runRunner(p);
  if (!p.guard) return code;
  if (code !== 0) {
    process.stderr.write(`conformance guard: the runner failed (exit ${code}), so nothing was compared.\n`);
    return 2;
  }
  const passed = passedCount(output);
  if (passed === undefined) {
    process.stderr.write('conformance guard: the runner printed no "conformance: P passed, F failed" line to compare.\n');
    return 2;
  }
  const verdict = judge(passed, recordedPassed());
  (verdict.code === 0 ? process.stdout : process.stderr).write(`${verdict.sentence}\n`);
  return verdict.code;
}

function splitOnce(arg: string): [string, string] {
  const eq = arg.indexOf('=');
  return [arg.slice(0, eq), arg.slice(eq + 1)];
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Not a mistake the user can fix: keep the stack trace for the bug report.
    console.error(err);
    process.exitCode = 2;
  },
);
