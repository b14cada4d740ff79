// Shared helpers for the engine tests: build a machine with a virtual clock (timeScale 0), run it,
// and check the history's id/previousEventId chain the way GetExecutionHistory numbers events.
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { StateMachine } from '../../local/engine';

export type Handler = (payload: unknown) => unknown;
export type Handlers = Record<string, Handler>;
type Options = ConstructorParameters<typeof StateMachine>[1];

/** invokeFunction over a table of handlers, keyed by function name or ARN; records each call. */
export function lambdas(handlers: Handlers) {
  const calls: { fn: string; payload: unknown }[] = [];
  const invokeFunction = async (fn: string, payload: unknown) => {
    calls.push({ fn, payload });
    const handler = handlers[fn] ?? handlers[fn.split(':').pop() ?? ''];
    if (!handler) throw Object.assign(new Error(`Function not found: ${fn}`), { name: 'ResourceNotFoundException' });
    return handler(payload);
  };
  return { invokeFunction, calls };
}

export function machine(definition: unknown, handlers: Handlers = {}, options: Partial<NonNullable<Options>> = {}) {
  const { invokeFunction, calls } = lambdas(handlers);
  const sm = new StateMachine(definition as never, { invokeFunction, timeScale: 0, ...options } as Options);
  return { sm, calls };
}

export async function run(definition: unknown, input: unknown = {}, handlers: Handlers = {}, options: Partial<NonNullable<Options>> = {}) {
  const { sm, calls } = machine(definition, handlers, options);
  const execution = await sm.start(input);
  return Object.assign(execution, { calls });
}

/** A machine of a single state (End: true added), in the given query language. */
export function single(state: Record<string, unknown>, queryLanguage?: 'JSONata' | 'JSONPath') {
  return {
    ...(queryLanguage ? { QueryLanguage: queryLanguage } : {}),
    StartAt: 'S',
    States: { S: { End: true, ...state } },
  };
}

export const types = (history: HistoryEvent[]) => history.map((e) => e.type);

/** Ids are 1..n in order; in a machine with no Parallel/Map every event points at the one before. */
export function expectLinearChain(history: HistoryEvent[]) {
  history.forEach((event, index) => {
    expect(event.id).toBe(index + 1);
    expect(event.previousEventId).toBe(index);
    expect(event.timestamp).toBeInstanceOf(Date);
  });
}

/** Ids are 1..n in order and each previousEventId points at an earlier event. */
export function expectChain(history: HistoryEvent[]) {
  history.forEach((event, index) => {
    expect(event.id).toBe(index + 1);
    expect(event.previousEventId).toBeLessThan(index + 1);
    expect(event.previousEventId).toBeGreaterThanOrEqual(0);
  });
}

/** A thrown error as a Lambda handler would throw it: `name` is the errorType. */
export function failure(name: string, message = `${name} happened`, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(message), { name }, extra);
}

export const parse = (text: string | undefined) => JSON.parse(text as string);
