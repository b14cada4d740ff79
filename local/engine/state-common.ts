import { CATCHER_FIELDS, checkFields, RETRIER_FIELDS } from './definition-fields';
import { InvalidDefinitionError } from './errors';
import { compileJsonataIO, finishJsonata, statesBinding } from './jsonata-io';
import { applyResultPath, compileJsonPathIO, evaluateAssign } from './jsonpath-io';
import type { Retrier } from './retry-catch';
import { pathRoots, type Catcher, type StateRuntime } from './runtime';

export type QueryLanguage = 'JSONPath' | 'JSONata';
export type Def = Record<string, any>;

/** What a state module gets to compile one state. */
export interface CompileCtx {
  name: string;
  def: Def;
  ql: QueryLanguage;
  /** Compiles a nested state list (Parallel branch, Map item processor). */
  compileList(def: Def, field: string): import('./runtime').StateList;
}

export const JSONPATH_ONLY: readonly string[] = ['InputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'OutputPath', 'ItemsPath', 'SecondsPath', 'TimestampPath', 'ErrorPath', 'CausePath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'MaxConcurrencyPath', 'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath'];
export const JSONATA_ONLY: readonly string[] = ['Arguments', 'Output', 'Items'];

/** Rejects fields of the other query language (AWS refuses such definitions). */
export function checkFieldsForLanguage(def: Def, name: string, ql: QueryLanguage): void {
  const wrong = ql === 'JSONata' ? JSONPATH_ONLY : JSONATA_ONLY;
  for (const f of wrong) {
    if (def[f] !== undefined) throw new InvalidDefinitionError(name, f, `the field ${f} is not supported in a ${ql} state`);
  }
}

export function nextOf(def: Def, name: string): string | undefined {
  if (def.End === true) {
    if (def.Next !== undefined) throw new InvalidDefinitionError(name, 'Next', 'a state cannot have both Next and End');
    return undefined;
  }
  if (typeof def.Next !== 'string') throw new InvalidDefinitionError(name, 'Next', 'a state needs Next or "End": true');
  return def.Next;
}

function checkErrorEquals(v: unknown, name: string, field: string): string[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) {
    throw new InvalidDefinitionError(name, field, 'ErrorEquals must be a non-empty array of error names');
  }
  if (v.includes('States.ALL') && v.length > 1) throw new InvalidDefinitionError(name, field, 'States.ALL must appear alone in ErrorEquals');
  return v as string[];
}

function checkAllIsLast(rules: Def[], name: string, field: string) {
  rules.forEach((r, i) => {
    if (i < rules.length - 1 && Array.isArray(r?.ErrorEquals) && r.ErrorEquals.includes('States.ALL')) {
      throw new InvalidDefinitionError(name, `${field}[${i}]/ErrorEquals`, `States.ALL must be in the last ${field === 'Retry' ? 'retrier' : 'catcher'}`);
    }
  });
}

export function compileRetriers(def: Def, name: string): Retrier[] {
  if (def.Retry === undefined) return [];
  if (!Array.isArray(def.Retry)) throw new InvalidDefinitionError(name, 'Retry', 'must be an array');
  checkAllIsLast(def.Retry, name, 'Retry');
  return def.Retry.map((r: Def, i: number) => {
    const field = `Retry[${i}]`;
    if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new InvalidDefinitionError(name, field, 'a retrier must be a JSON object');
    checkFields(r, RETRIER_FIELDS, name, field, 'a retrier');
    const num = (k: string, dflt: number | undefined, min: number) => {
      const v = r[k];
      if (v === undefined) return dflt;
      if (typeof v !== 'number' || v < min) throw new InvalidDefinitionError(name, `${field}/${k}`, `must be a number >= ${min}`);
      return v;
    };
    const jitter = r.JitterStrategy ?? 'NONE';
    if (jitter !== 'FULL' && jitter !== 'NONE') throw new InvalidDefinitionError(name, `${field}/JitterStrategy`, 'must be FULL or NONE');
    return {
      errorEquals: checkErrorEquals(r.ErrorEquals, name, `${field}/ErrorEquals`),
      intervalSeconds: num('IntervalSeconds', 1, 1)!,
      maxAttempts: num('MaxAttempts', 3, 0)!,
      backoffRate: num('BackoffRate', 2, 1)!,
      maxDelaySeconds: num('MaxDelaySeconds', undefined, 1),
      jitter,
    };
  });
}

export function compileCatchers(def: Def, name: string, ql: QueryLanguage): Catcher[] {
  if (def.Catch === undefined) return [];
  if (!Array.isArray(def.Catch)) throw new InvalidDefinitionError(name, 'Catch', 'must be an array');
  checkAllIsLast(def.Catch, name, 'Catch');
  return def.Catch.map((c: Def, i: number): Catcher => {
    const field = `Catch[${i}]`;
    if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new InvalidDefinitionError(name, field, 'a catcher must be a JSON object');
    checkFields(c, CATCHER_FIELDS, name, field, 'a catcher');
    if (typeof c.Next !== 'string') throw new InvalidDefinitionError(name, `${field}/Next`, 'a catcher needs Next');
    const errorEquals = checkErrorEquals(c.ErrorEquals, name, `${field}/ErrorEquals`);
    if (ql === 'JSONata') {
      if (c.ResultPath !== undefined) throw new InvalidDefinitionError(name, `${field}/ResultPath`, 'ResultPath is not supported in a JSONata state');
      const io = compileJsonataIO({ Output: c.Output, Assign: c.Assign }, name);
      return {
        errorEquals,
        next: c.Next,
        handle: async (rawInput, errorOutput, env, run, stateName) => {
          const states = statesBinding(rawInput, env, run, stateName);
          states.errorOutput = errorOutput;
          const r = await finishJsonata(io, states, errorOutput, env, run, stateName);
          return { output: r.output, assigned: r.assigned, next: c.Next };
        },
      };
    }
    if (c.Output !== undefined) throw new InvalidDefinitionError(name, `${field}/Output`, 'Output is not supported in a JSONPath state');
    const io = compileJsonPathIO({ ResultPath: c.ResultPath, Assign: c.Assign }, name);
    return {
      errorEquals,
      next: c.Next,
      handle: (rawInput, errorOutput, env, run, stateName) => {
        const assigned = evaluateAssign(io, pathRoots(errorOutput, env, run, stateName), stateName, run);
        const output = applyResultPath(io, rawInput, errorOutput, stateName, run);
        return { output, assigned, next: c.Next };
      },
    };
  });
}

export type StateCompiler = (c: CompileCtx) => StateRuntime;
