/**
 * The project's own esbuild (a devDependency). NodejsFunction bundles with it when it resolves and
 * otherwise silently falls back to Docker, which this project never uses (synth must work offline on
 * a fresh clone); the asset fingerprint runs it in-process to read each handler's import graph.
 * Fail early with the fix instead.
 */
export function requireLocalEsbuild(): typeof import('esbuild') {
  try {
    return require('esbuild');
  } catch (error) {
    throw new Error('esbuild is not installed: run `npm ci` (the Lambda bundles are built locally, never in Docker)', {
      cause: error,
    });
  }
}
