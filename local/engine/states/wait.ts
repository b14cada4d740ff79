import { InvalidDefinitionError, StatesError, stateCause } from '../errors';
import { compilePath } from '../json-path';
import { compileJsonata, evaluateTyped, isExpression, queryError } from '../jsonata-eval';
import { compileJsonataIO, finishJsonata, site, statesBinding } from '../jsonata-io';
import { applyInputPath, applyOutputPath, compileJsonPathIO, evaluateAssign } from '../jsonpath-io';
import { pathRoots, type Env, type StateRuntime, type StepResult } from '../runtime';
import { nextOf, type CompileCtx } from '../state-common';

/** ISO-8601 extended offset date-time, as AWS requires for Timestamp ("2016-03-14T01:59:00Z"). */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseTimestamp(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = ISO_8601.exec(v);
  if (!m) return undefined;
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

async function waitUntil(env: Env, seconds: number | undefined, until: number | undefined): Promise<void> {
  const s = seconds ?? Math.max(0, ((until as number) - env.exec.clock.now()) / 1000);
  if (s > 0) await env.exec.clock.sleep(s);
}

/** Wait: delays for Seconds or until a Timestamp, either given or read from the input. */
export function compileWait({ name, def, ql }: CompileCtx): StateRuntime {
  const next = nextOf(def, name);
  const fields = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter((f) => def[f] !== undefined);
  if (fields.length !== 1) throw new InvalidDefinitionError(name, fields[1] ?? 'Seconds', 'a Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath');
  const base = { name, type: 'Wait' as const, retriers: [], catchers: [] };
  if (ql === 'JSONata') {
    const io = compileJsonataIO(def, name);
    const field = fields[0];
    const source = def[field];
    if (field === 'Seconds' && !isExpression(source) && (!Number.isInteger(source) || source < 0)) {
      throw new InvalidDefinitionError(name, 'Seconds', 'must be a non-negative integer or a JSONata expression');
    }
    const template = compileJsonata(source, name, field);
    return {
      ...base,
      execute: async (input, env, run): Promise<StepResult> => {
        const states = statesBinding(input, env, run, name);
        const s = site(name, run);
        if (field === 'Seconds') {
          const seconds = (await evaluateTyped(template, source, 'integer', 'Seconds', states, env.vars, s)) as number;
          await waitUntil(env, Math.max(0, seconds), undefined);
        } else {
          const ts = await template.evaluate(states, env.vars, s);
          const until = parseTimestamp(ts);
          if (until === undefined) throw queryError(s, `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof ts === 'string' ? ts : JSON.stringify(ts)}`);
          await waitUntil(env, undefined, until);
        }
        const r = await finishJsonata(io, states, input, env, run, name);
        return { output: r.output, assigned: r.assigned, next };
      },
    };
  }
  const io = compileJsonPathIO(def, name);
  if (def.Seconds !== undefined && (!Number.isInteger(def.Seconds) || def.Seconds < 0)) throw new InvalidDefinitionError(name, 'Seconds', 'must be a non-negative integer');
  if (def.Timestamp !== undefined && parseTimestamp(def.Timestamp) === undefined) throw new InvalidDefinitionError(name, 'Timestamp', `'${def.Timestamp}' is not an ISO-8601 extended offset date-time`);
  const secondsPath = def.SecondsPath !== undefined ? compilePath(def.SecondsPath) : undefined;
  const timestampPath = def.TimestampPath !== undefined ? compilePath(def.TimestampPath) : undefined;
  return {
    ...base,
    execute: async (input, env, run): Promise<StepResult> => {
      const effective = applyInputPath(io, pathRoots(input, env, run, name), name, run);
      env.probe?.record('afterInputPath', effective);
      const roots = pathRoots(effective, env, run, name);
      const runtime = (detail: string) => new StatesError('States.Runtime', stateCause(name, run.enteredEventId, detail));
      if (secondsPath) {
        const r = secondsPath.read(roots);
        if (!r.found) throw runtime(`The SecondsPath parameter does not reference an input value: ${secondsPath.text}`);
        if (typeof r.value !== 'number' || !Number.isInteger(r.value)) throw runtime(`The SecondsPath parameter does not reference a valid integer value: ${secondsPath.text} == ${JSON.stringify(r.value)}`);
        if (r.value < 0) throw runtime(`The SecondsPath parameter references a negative value: ${secondsPath.text} == ${r.value}`);
        await waitUntil(env, r.value, undefined);
      } else if (timestampPath) {
        const r = timestampPath.read(roots);
        if (!r.found) throw runtime(`The TimestampPath parameter does not reference an input value: ${timestampPath.text}`);
        const until = parseTimestamp(r.value);
        if (until === undefined) {
          throw runtime(`The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${timestampPath.text} == ${typeof r.value === 'string' ? r.value : JSON.stringify(r.value)}`);
        }
        await waitUntil(env, undefined, until);
      } else if (def.Seconds !== undefined) {
        await waitUntil(env, def.Seconds, undefined);
      } else {
        await waitUntil(env, undefined, parseTimestamp(def.Timestamp));
      }
      const assigned = evaluateAssign(io, roots, name, run);
      return { output: applyOutputPath(io, roots, name, run), assigned, next };
    },
  };
}
