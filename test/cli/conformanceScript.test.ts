/**
 * `npm run conformance` (scripts/conformance.ts) in a clone laid out as CI lays it out: the
 * scripts in `clone/`, the corpus, when there is one, in `shared/conformance` beside it. The
 * corpus itself is never read here (its README: project tests must not); a stand-in runner
 * reports one passing case per line of the cases file it is given, and echoes its arguments.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPTS = ['conformance.ts', 'conformance-guard.ts', 'conformance-baseline.json'];
const RECORDED = 614; // scripts/conformance-baseline.json

const STAND_IN_RUNNER = `
import fs from 'node:fs';
const args = process.argv.slice(2);
const lines = fs.readFileSync(args[args.indexOf('--cases') + 1], 'utf8').split('\\n').filter(Boolean);
console.log('runner args: ' + JSON.stringify(args));
if (lines.includes('boom')) { console.error('harness failed'); process.exit(2); }
if (!lines.includes('quiet')) console.log('conformance: ' + lines.length + ' passed, 1 failed');
`;

let workspace: string;
let clone: string;
let elsewhere: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'conformance-script-'));
  clone = join(workspace, 'clone');
  elsewhere = join(workspace, 'elsewhere');
  mkdirSync(join(clone, 'scripts'), { recursive: true });
  mkdirSync(elsewhere);
  for (const file of SCRIPTS) copyFileSync(join(ROOT, 'scripts', file), join(clone, 'scripts', file));
  // The clone's installed packages (tsx) are the project's.
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  writeFileSync(join(elsewhere, 'run.mjs'), STAND_IN_RUNNER);
});

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

afterEach(() => rmSync(join(workspace, 'shared'), { recursive: true, force: true }));

/** A cases file of `count` lines (and any marker lines) in `dir`. */
function casesFile(dir: string, count: number, ...markers: string[]): string {
  const file = join(dir, 'cases.jsonl');
  writeFileSync(file, [...Array.from({ length: count }, (_, i) => `{"id":"case-${i}"}`), ...markers].join('\n'));
  return file;
}

/** Runs `npm run conformance -- ...args` as npm does: tsx, from the clone's root. */
function conformance(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/conformance.ts', ...args],
      { cwd: clone, env: { PATH: process.env.PATH } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('without the corpus: one sentence, exit 2, no stack trace', () => {
  test('a clone with nothing beside it', async () => {
    const { code, stdout, stderr } = await conformance([]);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toBe(
      "No conformance corpus in ../shared/conformance: it is executions recorded on AWS Step Functions (from LocalStack's tests, kept outside this repository); point at a copy with `npm run conformance -- --cases FILE`, its run.mjs beside it.\n",
    );
  }, 20_000);

  test('--cases naming no file', async () => {
    const { code, stdout, stderr } = await conformance(['--cases', 'nowhere/cases.jsonl']);
    expect([code, stdout, stderr]).toEqual([2, '', '--cases nowhere/cases.jsonl is not a file: give the cases.jsonl of the conformance corpus.\n']);
  }, 20_000);

  test('--cases without a runner beside it or in ../shared/conformance', async () => {
    const lonely = join(workspace, 'lonely');
    mkdirSync(lonely, { recursive: true });
    const file = casesFile(lonely, 3);
    const { code, stderr } = await conformance(['--cases', file]);
    expect([code, stderr]).toEqual([2, `No conformance runner beside ${file} or in ../shared/conformance: the corpus comes with its run.mjs, copy it too.\n`]);
  }, 20_000);

  test.each([
    [['--fliter', 'x'], "Unknown option --fliter: npm run conformance takes --cases FILE, --guard and the runner's --filter, --json, --verbose, --show, --timeout, --engine.\n"],
    [['--cases'], '--cases needs a file: the cases.jsonl of the conformance corpus.\n'],
    [['--guard', '--filter', 'assign'], '--guard compares the whole corpus run by the project engine with the recorded count: drop --filter and --engine.\n'],
  ])('a mistake in the options %j', async (args, sentence) => {
    const { code, stdout, stderr } = await conformance(args);
    expect([code, stdout, stderr]).toEqual([2, '', sentence]);
  }, 20_000);
});

describe('with a corpus', () => {
  test('by default the one in ../shared/conformance, its cases given to its runner explicitly', async () => {
    const shared = join(workspace, 'shared', 'conformance');
    mkdirSync(shared, { recursive: true });
    copyFileSync(join(elsewhere, 'run.mjs'), join(shared, 'run.mjs'));
    const file = casesFile(shared, 5);
    const { code, stdout } = await conformance(['--verbose']);
    expect(code).toBe(0);
    expect(stdout).toBe(`runner args: ${JSON.stringify(['--cases', file, '--verbose'])}\nconformance: 5 passed, 1 failed\n`);
  }, 20_000);

  test('--cases FILE: the runner beside it, the runner\'s own options passed on', async () => {
    const file = casesFile(elsewhere, 7);
    const { code, stdout } = await conformance([`--cases=${file}`, '--filter', 'assign', '--json']);
    expect(code).toBe(0);
    expect(stdout).toContain(`runner args: ${JSON.stringify(['--cases', file, '--filter', 'assign', '--json'])}`);
  }, 20_000);

  test('the runner\'s exit code is the command\'s', async () => {
    const { code, stderr } = await conformance(['--cases', casesFile(elsewhere, 1, 'boom')]);
    expect(code).toBe(2);
    expect(stderr).toBe('harness failed\n');
  }, 20_000);
});

describe('--guard, the regression guard of .ci/run', () => {
  test('as many passing cases as recorded: exit 0', async () => {
    const { code, stdout } = await conformance(['--guard', '--cases', casesFile(elsewhere, RECORDED)]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /conformance: 614 passed, 1 failed\nconformance guard: 614 cases pass, as recorded in scripts\/conformance-baseline\.json\.\n$/,
    );
  }, 20_000);

  test('fewer: exit 1, the regression named', async () => {
    const { code, stdout, stderr } = await conformance(['--guard', '--cases', casesFile(elsewhere, RECORDED - 1)]);
    expect(code).toBe(1);
    expect(stdout).toContain('conformance: 613 passed, 1 failed\n');
    expect(stderr).toBe('conformance guard: 613 cases pass, fewer than the 614 recorded in scripts/conformance-baseline.json: a regression.\n');
  }, 20_000);

  test('more: exit 0, and a note to raise the record', async () => {
    const { code, stdout } = await conformance(['--guard', '--cases', casesFile(elsewhere, RECORDED + 1)]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'conformance guard: 615 cases pass, more than the 614 recorded: raise "passed" in scripts/conformance-baseline.json to 615 to keep the gain.\n',
    );
  }, 20_000);

  test('a runner that fails, or prints no summary: exit 2, nothing compared', async () => {
    const failed = await conformance(['--guard', '--cases', casesFile(elsewhere, RECORDED, 'boom')]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe('harness failed\nconformance guard: the runner failed (exit 2), so nothing was compared.\n');

    const quiet = await conformance(['--guard', '--cases', casesFile(elsewhere, RECORDED, 'quiet')]);
    expect(quiet.code).toBe(2);
    expect(quiet.stderr).toBe('conformance guard: the runner printed no "conformance: P passed, F failed" line to compare.\n');
  }, 20_000);
});
