import { randomUUID } from 'node:crypto';
import { StatesError } from '../errors';
import type { EngineOptions } from '../types';
import { missingOption } from './service-call';

/** arn:aws:states:::events:putEvents through the caller's putEvents (a local bus). */
export async function callPutEvents(parameters: unknown, options: EngineOptions): Promise<unknown> {
  if (!options.putEvents) throw missingOption('putEvents function', 'arn:aws:states:::events:putEvents');
  const entries = (parameters as { Entries?: unknown })?.Entries;
  if (!Array.isArray(entries)) throw new StatesError('States.Runtime', 'The events:putEvents integration needs an Entries array parameter.');
  let result: unknown;
  try {
    result = await options.putEvents(entries);
  } catch (e) {
    const err = e as { name?: string; message?: string };
    throw new StatesError(`EventBridge.${err.name && err.name !== 'Error' ? err.name : 'EventBridgeException'}`, err.message ?? String(e));
  }
  if (result === undefined || result === null) return { Entries: entries.map(() => ({ EventId: randomUUID() })), FailedEntryCount: 0 };
  // like AWS, an entry the bus refused fails the task
  const failed = (result as { FailedEntryCount?: number }).FailedEntryCount;
  if (typeof failed === 'number' && failed > 0) throw new StatesError('EventBridge.FailedEntry', JSON.stringify(result));
  return result;
}
