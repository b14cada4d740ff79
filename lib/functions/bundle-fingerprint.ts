import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions, Format } from 'esbuild';
import { requireLocalEsbuild } from './local-esbuild';

type Esbuild = typeof import('esbuild');

/**
 * The NodejsFunction bundling options of the handlers. The fingerprint hashes all of them and hands
 * the ones that decide which files esbuild reads to its own esbuild run (`graphOptions`): an option
 * added here must be mirrored there, or a change to it could leave a function's asset unchanged.
 */
export interface HandlerBundling {
  readonly format: OutputFormat;
  readonly target: string;
  readonly minify: boolean;
  readonly sourceMap: boolean;
  readonly mainFields: string[];
  readonly banner: string;
  readonly externalModules: string[];
}

/**
 * A hash of everything one handler's bundle is built from, used as its asset hash: CDK reuses a
 * bundle already in cdk.out instead of running esbuild (through `npx`, half a second each) for
 * every function on every synth, and a change redeploys exactly the functions whose bundle it
 * reaches. The parts:
 * - the project's own files in the entry's import graph, as esbuild resolves it (type-only imports
 *   are not part of it: esbuild drops them, so they cannot change the bundle);
 * - the whole lockfile, for everything under node_modules (see `importGraph`);
 * - the settings esbuild reads beside the sources (see `bundlerSettings`);
 * - the bundling options and the esbuild version.
 * Files are named by their path relative to the project, so the hash does not depend on the checkout
 * location. `entryFile` is relative to `projectRoot`.
 */
export function bundleFingerprint(projectRoot: string, entryFile: string, bundling: HandlerBundling): string {
  const esbuild = requireLocalEsbuild();
  const hash = createHash('sha256');
  // Each part is prefixed with its label and length, so no two different sets of parts hash alike.
  const add = (label: string, content: string | Buffer) => {
    hash.update(`${label} ${Buffer.byteLength(content)}\n`);
    hash.update(content);
  };
  const entry = toPosix(entryFile);
  add('entry', entry);
  add('bundling', JSON.stringify(bundling));
  add('esbuild', esbuild.version);
  add('lockfile', fs.readFileSync(path.join(projectRoot, 'package-lock.json')));
  const sources = importGraph(esbuild, projectRoot, entry, bundling);
  for (const source of sources) add(`source ${source}`, fs.readFileSync(path.join(projectRoot, source)));
  for (const [file, settings] of bundlerSettings(projectRoot, sources)) add(`settings ${file}`, settings);
  return hash.digest('hex');
}

/**
 * The project's own files esbuild reads for this entry (relative paths, sorted), from the metafile
 * of an in-process build that writes nothing.
 *
 * Packages stay external in this build: parsing node_modules is most of the cost (for the ten
 * handlers, about 1,100 files of zod, Powertools and their dependencies against 70 of the project's:
 * over a second per synth, against tens of milliseconds without them). Nor does correctness need
 * them: which package files a bundle takes follows from the import specifiers (in the hashed
 * sources), the bundling options (hashed) and the installed versions, which the lockfile pins. The
 * whole lockfile rather than the entries of the bundled packages: a package can import one it does
 * not declare (hoisting lets it), which a walk of the lockfile's dependencies would miss; the price
 * is that any dependency bump changes every function's asset. What it cannot see is a node_modules
 * that differs from the lockfile: run `npm ci`.
 */
function importGraph(esbuild: Esbuild, projectRoot: string, entry: string, bundling: HandlerBundling): string[] {
  try {
    const { metafile } = esbuild.buildSync({
      ...graphOptions(bundling),
      entryPoints: [entry],
      absWorkingDir: projectRoot,
      bundle: true,
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    return Object.keys(metafile.inputs).sort();
  } catch (error) {
    throw new Error(`Cannot fingerprint the bundle of ${entry}: ${(error as Error).message}`, { cause: error });
  }
}

const ESBUILD_FORMAT: Record<OutputFormat, Format> = { [OutputFormat.CJS]: 'cjs', [OutputFormat.ESM]: 'esm' };

/**
 * The bundling options as NodejsFunction passes them to esbuild (`--platform=node` always), limited
 * to those that can change which files are read: output-only ones (minify, banner, source maps)
 * change the hash through `bundling` but need not slow this build down.
 */
function graphOptions(bundling: HandlerBundling): BuildOptions {
  return {
    platform: 'node',
    format: ESBUILD_FORMAT[bundling.format],
    target: bundling.target,
    mainFields: bundling.mainFields,
    external: bundling.externalModules,
  };
}

/** The package.json fields esbuild reads for the project's own files (module kind, tree shaking, `#` imports). */
const PACKAGE_FIELDS_FOR_BUNDLING = ['type', 'sideEffects', 'imports'] as const;

/**
 * What esbuild reads beside the sources, found as it finds them (the nearest file up from each
 * source's folder, within the project): tsconfig.json, whose compiler options change how TypeScript
 * is transpiled (class fields, decorators, kept imports), hashed whole, so an edit to its `include`
 * list changes every asset too; and of package.json only the fields that change a bundle, so adding
 * a script or a dependency (the lockfile has that) does not.
 */
function bundlerSettings(projectRoot: string, sources: string[]): Map<string, string> {
  const settings = new Map<string, string>();
  for (const folder of new Set(sources.map((source) => path.posix.dirname(source)))) {
    const tsconfig = nearest(projectRoot, folder, 'tsconfig.json');
    if (tsconfig) settings.set(tsconfig, fs.readFileSync(path.join(projectRoot, tsconfig), 'utf8'));
    const manifest = nearest(projectRoot, folder, 'package.json');
    if (manifest) {
      const fields = JSON.parse(fs.readFileSync(path.join(projectRoot, manifest), 'utf8'));
      settings.set(manifest, JSON.stringify(PACKAGE_FIELDS_FOR_BUNDLING.map((name) => [name, fields[name]])));
    }
  }
  return new Map([...settings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The project-relative path of the first `name` in `folder` or a folder above it, up to the project root. */
function nearest(projectRoot: string, folder: string, name: string): string | undefined {
  for (let dir = folder; !dir.startsWith('..'); dir = path.posix.dirname(dir)) {
    const candidate = path.posix.join(dir, name);
    if (fs.existsSync(path.join(projectRoot, candidate))) return candidate;
    if (dir === '.') break;
  }
  return undefined;
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
