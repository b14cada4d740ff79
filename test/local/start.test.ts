import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** `npm start -- FILES`, as a person runs it; resolves with its exit code and what it printed. */
function npmStart(files: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'local/start.ts', ...files], { cwd: ROOT, env: process.env });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.resume();
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

describe('npm start', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'npm-start-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a file that is not JSON gets its line, an order the workflow rejects is traced, and the run goes on', async () => {
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"orderId": ');
    const { code, stdout } = await npmStart([broken, 'examples/invalid.json', 'examples/happy.json']);

    // One file could not be run at all: the exit code says so, after the others ran.
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(lines[at('broken.json')]).toMatch(/^✗ .*broken\.json: is not JSON \(.+\); an order is a JSON object$/);

    const invalid = at('━━ invalid.json');
    const happy = at('━━ happy.json');
    expect(invalid).toBeGreaterThan(at('broken.json'));
    expect(lines.slice(invalid + 1, happy)).toEqual([
      '    → ValidateOrder',
      '      ✗ InvalidOrder: items[0].quantity: must be an integer from 1 to 1000',
      '      ⤷ caught, continuing at PublishOrderRejected',
      '    ↩ PublishOrderRejected',
      '    ↩ OrderRejected',
      '  ■ FAILED  InvalidOrder: items[0].quantity: must be an integer from 1 to 1000',
      '  events: OrderRejected',
      '  order: no row',
      '  stock: as seeded',
      '  payments: no charge',
      '  shipments: none',
      '',
    ]);
    // Each sample starts from the seeded state: the happy order's stock is counted from the seed.
    const happyEnd = lines.slice(happy);
    expect(happyEnd).toContain('  events: OrderConfirmed');
    expect(happyEnd).toContain('  order: CONFIRMED');
    expect(happyEnd).toContain('  stock: SKU-BOOK-001 -2, SKU-MUG-002 -1');
    expect(happyEnd).toContain('  payments: charge CAPTURED 52.97 EUR, refunded 0.00 EUR, balance 52.97 EUR');
    expect(happyEnd).toContain('  shipments: 1 CREATED');
    expect(stdout).toMatch(/3 file\(s\) in [\d.]+ s, 1 could not be run\./);
  }, 120_000);
});
