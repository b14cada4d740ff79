/**
 * The local console's own routes: its pages, its script and style, and the example orders, all
 * read-only GETs. Everything the console shows about machines and executions it asks for through
 * the Step Functions API on this same server, as the SDK does; nothing here reads the service.
 *
 * The script is bundled from local/console/app with esbuild on the first request and kept in
 * memory: a fresh clone needs no build step, and the server pays the bundling (a few hundred ms)
 * only when someone opens the console.
 */
import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
// A static import: esbuild's API starts its service only on the first build, so loading it is cheap.
import { build } from 'esbuild';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');
const CONSOLE_DIR = path.join(PROJECT_ROOT, 'local', 'console');
const EXAMPLES_DIR = path.join(PROJECT_ROOT, 'examples');

/** Pages are one shell; the script reads the path and draws the view. */
const PAGE_PATTERNS = [/^\/$/, /^\/executions\/arn:[^/]+$/, /^\/state-machines\/arn:[^/]+$/];
/** An example is named like `happy.json`: no path separators, no dot files. */
const EXAMPLE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*\.json$/;

let bundle: Promise<string> | undefined;

/** The console's script, bundled once per process; a failed bundle is retried on the next request. */
function consoleScript(): Promise<string> {
  bundle ??= (async () => {
    const result = await build({
      entryPoints: [path.join(CONSOLE_DIR, 'app', 'main.ts')],
      bundle: true,
      write: false,
      minify: true,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      logLevel: 'silent',
    });
    return result.outputFiles[0].text;
  })();
  bundle.catch(() => (bundle = undefined));
  return bundle;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/**
 * Answers the request when it is one of the console's, and says whether it did. An API client's
 * plain GET of `/` (no `Accept: text/html`) is left to the API, which answers it as AWS does.
 */
export async function serveConsole(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' || req.headers['x-amz-target'] !== undefined) return false;
  try {
    return await route(req, res);
  } catch (error) {
    // A file that cannot be read is the console's problem, answered as such; the server goes on.
    send(res, 500, 'text/plain; charset=utf-8', `The console could not answer: ${(error as Error).message}`);
    return true;
  }
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return false;
  }
  const wantsHtml = String(req.headers.accept ?? '').includes('text/html');

  if (wantsHtml && PAGE_PATTERNS.some((pattern) => pattern.test(pathname))) {
    send(res, 200, 'text/html; charset=utf-8', await fs.readFile(path.join(CONSOLE_DIR, 'static', 'index.html')));
    return true;
  }
  if (pathname === '/console/console.css') {
    send(res, 200, 'text/css; charset=utf-8', await fs.readFile(path.join(CONSOLE_DIR, 'static', 'console.css')));
    return true;
  }
  if (pathname === '/console/app.js') {
    try {
      send(res, 200, 'text/javascript; charset=utf-8', await consoleScript());
    } catch (error) {
      send(res, 500, 'text/plain; charset=utf-8', `The console's script did not build: ${(error as Error).message}`);
    }
    return true;
  }
  if (pathname === '/examples/') {
    const names = (await fs.readdir(EXAMPLES_DIR)).filter((name) => EXAMPLE_NAME.test(name)).sort();
    send(res, 200, 'application/json', JSON.stringify(names));
    return true;
  }
  if (pathname.startsWith('/examples/')) {
    const name = pathname.slice('/examples/'.length);
    const text = EXAMPLE_NAME.test(name) ? await fs.readFile(path.join(EXAMPLES_DIR, name)).catch(() => undefined) : undefined;
    if (text === undefined) send(res, 404, 'text/plain; charset=utf-8', `No example named ${name}`);
    else send(res, 200, 'application/json', text);
    return true;
  }
  return false;
}
