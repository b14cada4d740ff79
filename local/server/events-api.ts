/**
 * EventBridge's PutEvents, on the local bus: the template's rules see each event, so an
 * OrderPlaced event starts the saga through its own rule, as once deployed. As on AWS, an entry
 * without Source, DetailType or Detail, or whose Detail is not a JSON object, fails on its own
 * (FailedEntryCount, an ErrorCode per entry) while the others go on; an event for a bus that does
 * not exist is accepted and reaches no rule.
 */
import type { LocalEventBus, PutEventsEntry } from '../emulator/event-bus';

interface ResultEntry {
  EventId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

function entryProblem(entry: PutEventsEntry): ResultEntry | undefined {
  for (const field of ['Source', 'DetailType', 'Detail'] as const) {
    if (entry[field] === undefined || entry[field] === '') {
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${field} is not valid. Reason: ${field} is a required argument.` };
    }
  }
  try {
    const detail = JSON.parse(entry.Detail as string);
    if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) throw new Error('not an object');
  } catch {
    return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  }
  return undefined;
}

export async function putEvents(bus: LocalEventBus, input: { Entries: PutEventsEntry[] }): Promise<Record<string, unknown>> {
  const results: ResultEntry[] = [];
  for (const entry of input.Entries) {
    const problem = entryProblem(entry);
    if (problem) {
      results.push(problem);
      continue;
    }
    // The SDK sends Time as epoch seconds; the bus takes a Date.
    const time = typeof entry.Time === 'number' ? new Date((entry.Time as number) * 1000) : entry.Time;
    const put = await bus.putEvents([{ ...entry, Time: time }]);
    results.push({ EventId: put.Entries[0].EventId });
  }
  return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
}
