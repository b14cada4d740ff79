/**
 * NodejsFunction bundles with the local esbuild when it resolves and otherwise silently falls back to
 * Docker, which this project never uses (synth must work offline on a fresh clone). Fail early with
 * the fix instead.
 */
export function requireLocalEsbuild(): void {
  try {
    require.resolve('esbuild');
  } catch {
    throw new Error('esbuild is not installed: run `npm ci` (the Lambda bundles are built locally, never in Docker)');
  }
}
