import { readFileSync } from 'node:fs';
import { CliError } from './errors';

/** An order as read from disk: any JSON object. Checking its shape is ValidateOrder's job, not the CLI's. */
export type OrderDocument = Record<string, unknown>;

/** Reads a JSON object from `path`; a missing, unreadable or malformed file is a CliError. */
export function readOrderFile(path: string): OrderDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(describeReadError(path, err));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new CliError(`${path} is not valid JSON (${detail}).`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : `a ${typeof parsed}`;
    throw new CliError(`${path} holds ${kind}, not an order object like the ones in examples/.`);
  }
  return parsed as OrderDocument;
}

function describeReadError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `${path} does not exist (the samples are in examples/, e.g. examples/happy.json).`;
  if (code === 'EISDIR') return `${path} is a directory, not an order file.`;
  if (code === 'EACCES') return `${path} cannot be read (permission denied).`;
  return `${path} cannot be read (${code ?? String(err)}).`;
}
