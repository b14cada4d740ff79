// `npm run bench`: runs every bench/*.bench.ts in name order. Each module exports a default async
// function that measures and prints its own table, so a new bench only has to be dropped in here.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main() {
  const files = readdirSync(__dirname).filter((file) => file.endsWith('.bench.ts')).sort();
  for (const file of files) {
    const bench = (await import(join(__dirname, file))) as { default?: () => Promise<void> };
    if (typeof bench.default !== 'function') throw new Error(`${file} must export a default async function`);
    console.log(`\n# ${file}`);
    await bench.default();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
