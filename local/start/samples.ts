import fs from 'node:fs';
import path from 'node:path';
import type { PutEventsEntry } from '../emulator/event-bus';

/** A file `npm start` can run: an order (the execution input), or PutEvents entries for the bus. */
export type Sample =
  | { kind: 'order'; order: unknown; orderId: string | undefined; runTwice: boolean }
  | { kind: 'event'; entries: PutEventsEntry[]; orderId: string | undefined };

/** A file that cannot be run at all (as opposed to an order the workflow rejects, which runs). */
export class SampleFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SampleFileError';
  }
}

export function readSampleFile(file: string): Sample {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SampleFileError(code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SampleFileError(`is not JSON (${(error as Error).message}); an order is a JSON object`);
  }
  if (Array.isArray(value) && value.length > 0 && value.every(isPutEventsEntry)) {
    // `aws events put-events --entries file://...` form; locally the bus is the stack's own.
    const entries = value.map(({ EventBusName: _bus, ...entry }) => entry);
    return { kind: 'event', entries, orderId: orderIdOf(parseDetail(entries[0].Detail)) };
  }
  // Running a duplicate-* sample twice is the point of it: the second execution is the duplicate.
  const runTwice = path.basename(file).startsWith('duplicate');
  return { kind: 'order', order: value, orderId: orderIdOf(value), runTwice };
}

function isPutEventsEntry(value: unknown): value is PutEventsEntry {
  return typeof value === 'object' && value !== null && 'DetailType' in value && 'Source' in value;
}

function parseDetail(detail: PutEventsEntry['Detail']): unknown {
  if (typeof detail !== 'string') return detail;
  try {
    return JSON.parse(detail);
  } catch {
    throw new SampleFileError('has an event whose Detail is not JSON');
  }
}

function orderIdOf(order: unknown): string | undefined {
  const id = (order as { orderId?: unknown } | null)?.orderId;
  return typeof id === 'string' ? id : undefined;
}
