import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** `npm start -- FILES`, as a person runs it; resolves with its exit code and what it printed. */
function npmStart(files: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'local/start/main.ts', ...files], { cwd: ROOT, env: process.env });
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
    const files = [broken, 'examples/invalid.json', 'examples/declined.json', 'examples/happy.json', 'examples/happy.json', 'examples/fraud-rejected.json'];
    const { code, stdout } = await npmStart(files);

    // One file could not be run at all: the exit code says so, after the others ran.
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    const at = (text: string, from = 0) => lines.findIndex((line, index) => index >= from && line.includes(text));
    expect(lines[at('broken.json')]).toMatch(/^✗ .*broken\.json: is not JSON \(.+\); an order is a JSON object$/);

    // The samples run side by side, but each block is whole and they come in the order given.
    const headers = lines.filter((line) => line.startsWith('━━ ') || line.startsWith('✗ '));
    expect(headers.map((line) => line.replace(/^✗ .*broken\.json.*$/, 'broken'))).toEqual([
      'broken',
      '━━ invalid.json',
      '━━ declined.json',
      '━━ happy.json',
      '━━ happy.json',
      '━━ fraud-rejected.json',
    ]);
    const invalid = at('━━ invalid.json');
    const declined = at('━━ declined.json');
    expect(lines.slice(invalid + 1, declined)).toEqual([
      '    → ValidateOrder',
      '      ✗ InvalidOrder: items[0].quantity: must be an integer from 1 to 1000',
      '      ⤷ caught, continuing at PublishOrderRejected',
      '    → PublishOrderRejected',
      '    → OrderRejected',
      '  ■ FAILED  InvalidOrder: items[0].quantity: must be an integer from 1 to 1000',
      '  events: OrderRejected',
      '  order: no row',
      '  stock: as seeded',
      '  payments: no charge',
      '  shipments: none',
      '',
    ]);
    // ↩ marks what undoes work, the definition's compensations; the ending after them undoes nothing.
    const firstHappy = at('━━ happy.json');
    const marked = lines.slice(declined, firstHappy).filter((line) => /^ +[→↩] /.test(line)).map((line) => line.trim());
    expect(marked.slice(-4)).toEqual(['↩ RefundPayment', '↩ ReleaseInventory', '→ PublishOrderFailed', '→ OrderFailed']);

    // Each sample starts from the seeded tables, the same order given twice too (the second is not a
    // duplicate of the first): the happy order's stock is counted from the seed, both times.
    const secondHappy = at('━━ happy.json', firstHappy + 1);
    for (const [from, to] of [[firstHappy, secondHappy], [secondHappy, at('━━ fraud-rejected.json')]]) {
      const block = lines.slice(from, to);
      expect(block).toContain('  events: OrderConfirmed');
      expect(block).toContain('  order: CONFIRMED');
      expect(block).toContain('  stock: SKU-BOOK-001 -2, SKU-MUG-002 -1');
      expect(block).toContain('  payments: charge CAPTURED 52.97 EUR, refunded 0.00 EUR, balance 52.97 EUR');
      expect(block).toContain('  shipments: 1 CREATED');
    }
    // Nothing happened that no report shows.
    expect(stdout).not.toContain('⚠');
    expect(stdout).toMatch(/6 file\(s\) in [\d.]+ s, 1 could not be run\./);
  }, 120_000);
});
