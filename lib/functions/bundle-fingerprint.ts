import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A hash of everything a handler bundle is built from: the handler sources (all of lambda/, which
 * the handlers share), the lockfile (dependency versions, esbuild's included) and the bundling
 * options. Used as the asset hash, it lets CDK reuse a bundle already in cdk.out instead of
 * running esbuild (through `npx`, half a second each) for every function on every synth.
 * Paths are hashed relative to the project, so the hash does not depend on the checkout location.
 */
export function bundleFingerprint(projectRoot: string, entry: string, options: unknown): string {
  const hash = createHash('sha256');
  hash.update(`entry:${entry}\n`);
  hash.update(`options:${JSON.stringify(options)}\n`);
  hash.update(fs.readFileSync(path.join(projectRoot, 'package-lock.json')));
  for (const file of sourceFiles(path.join(projectRoot, 'lambda'))) {
    hash.update(`\nfile:${path.relative(projectRoot, file).split(path.sep).join('/')}\n`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
