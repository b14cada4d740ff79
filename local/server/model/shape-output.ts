/**
 * Turns what a handler returns into the JSON AWS would send: only the members the output shape
 * declares (an engine-side extra never leaks into an answer), undefined members left out, and
 * timestamps as epoch seconds with milliseconds, as AWS JSON 1.0 and 1.1 carry them.
 */
import type { ServiceModel } from './service-model';

export function shapeOutput(model: ServiceModel, shapeName: string | undefined, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const shape = shapeName ? model.shapes[shapeName] : undefined;
  if (!shape) return value;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      const from = value as Record<string, unknown>;
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const shaped = shapeOutput(model, member, from[name]);
        if (shaped !== undefined) out[name] = shaped;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((item) => shapeOutput(model, shape.member, item));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, shapeOutput(model, shape.value, v)]));
    case 'timestamp':
      return value instanceof Date ? value.getTime() / 1000 : value;
    default:
      return value;
  }
}
