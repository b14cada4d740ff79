import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { InvalidDefinitionError, StatesError, stateCause } from './errors';
import type { VariableScope } from './variables';

/**
 * JSONata as Step Functions runs it: any string value of the form `{% expression %}` is evaluated
 * with `$states` (input, result, errorOutput, context), the workflow variables, and Step
 * Functions' own functions ($partition, $range, $hash, $random, $uuid, $parse). Templates are
 * compiled once, when the machine is built.
 */
export interface StatesBinding {
  input: unknown;
  context: unknown;
  result?: unknown;
  errorOutput?: unknown;
}

/** What a state needs to evaluate: its name and entered event id (for AWS's error texts). */
export interface EvalSite {
  stateName: string;
  enteredEventId: number;
}

export type JsonataTemplate = {
  readonly constant: boolean;
  evaluate(states: StatesBinding, vars: VariableScope, site: EvalSite): Promise<unknown>;
};

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

export function isExpression(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith('{%') && v.endsWith('%}');
}

export function hasExpression(v: unknown): boolean {
  if (isExpression(v)) return true;
  if (Array.isArray(v)) return v.some(hasExpression);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasExpression);
  return false;
}

const HASH_ALGORITHMS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

class FunctionFailure extends Error {}

/** $random(seed): the same seed gives the same number (mulberry32 over the seed). */
function seededRandom(seed: number): number {
  let t = (Math.floor(seed * 1000003) + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Step Functions' own JSONata functions. */
const STEP_FUNCTIONS: Record<string, [(...args: any[]) => unknown, string]> = {
  range: [
    (start: number, end: number, step: number) => {
      if (![start, end, step].every(Number.isInteger) || step === 0) throw new FunctionFailure('$range expects integer start, end and a non-zero step');
      const out: number[] = [];
      for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
        out.push(v);
        if (out.length > 1000) throw new FunctionFailure('$range cannot produce more than 1000 items');
      }
      return out;
    },
    '<nnn:a<n>>',
  ],
  hash: [
    (data: unknown, algorithm: string) => {
      const alg = HASH_ALGORITHMS[algorithm];
      if (!alg) throw new FunctionFailure(`$hash does not support the algorithm '${algorithm}'`);
      return createHash(alg).update(typeof data === 'string' ? data : JSON.stringify(data)).digest('hex');
    },
    '<js:s>',
  ],
  random: [(seed?: number) => (seed === undefined ? Math.random() : seededRandom(seed)), '<n?:n>'],
  uuid: [() => randomUUID(), '<:s>'],
  parse: [
    (text: string) => {
      try {
        return JSON.parse(text);
      } catch {
        throw new FunctionFailure(`$parse could not parse '${text}' as JSON`);
      }
    },
    '<s:j>',
  ],
  partition: [
    (array: unknown[], size: number) => {
      if (!Array.isArray(array) || !Number.isInteger(size) || size <= 0) throw new FunctionFailure('$partition expects an array and a positive integer size');
      const out: unknown[][] = [];
      for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
      return out;
    },
    '<an:a>',
  ],
};

function compileExpression(text: string, stateName: string, field: string): jsonata.Expression {
  const body = EXPRESSION.exec(text)![1].trim();
  let expr: jsonata.Expression;
  try {
    expr = jsonata(body);
  } catch (e) {
    const err = e as { message?: string; code?: string };
    const message = err.message ?? String(e);
    throw new InvalidDefinitionError(stateName, field, `invalid JSONata expression '${body}': ${err.code ? `${err.code}: ${message}` : message}`);
  }
  for (const [name, [impl, signature]] of Object.entries(STEP_FUNCTIONS)) expr.registerFunction(name, impl, signature);
  // AWS leaves $eval out of its JSONata 2.0.6 and accepts a definition that calls it; the call
  // fails at run time (T1006). A non-function in the expression's own frame hides the built-in.
  expr.assign('eval', false);
  return expr;
}

function typeOfJson(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

export function queryError(site: EvalSite, detail: string): StatesError {
  return new StatesError('States.QueryEvaluationError', stateCause(site.stateName, site.enteredEventId, detail), true);
}

/** Turns a sequence or other JSONata-internal value into plain JSON. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) {
    const arr = (v as unknown[]).map(plain);
    return arr;
  }
  if (typeof v === 'function') return undefined;
  return v;
}

/**
 * Expressions that only navigate objects ($states.input.a.b, $var.x) are read directly, without
 * the JSONata evaluator; anything unusual on the way (an array, a missing key) falls back to it,
 * so the result and the errors are JSONata's own.
 */
type FastRead = (states: StatesBinding, vars: VariableScope) => unknown;
const FAST_STATES = /^\$states\.(input|result|errorOutput|context)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;
const FAST_VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

function walk(v: unknown, keys: string[]): unknown {
  for (let i = 0; i < keys.length; i++) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const next = (v as Record<string, unknown>)[keys[i]];
    if (next === undefined || Array.isArray(next)) return undefined;
    v = next;
  }
  return Array.isArray(v) ? undefined : v;
}

function fastRead(body: string): FastRead | undefined {
  let m = FAST_STATES.exec(body);
  if (m) {
    const root = m[1] as keyof StatesBinding;
    const keys = m[2] ? m[2].slice(1).split('.') : [];
    return (states) => walk(states[root], keys);
  }
  m = FAST_VARIABLE.exec(body);
  if (m && m[1] !== 'states') {
    const name = m[1];
    const keys = m[2] ? m[2].slice(1).split('.') : [];
    return (_states, vars) => {
      const r = vars.lookup(name);
      return r.found ? walk(r.value, keys) : undefined;
    };
  }
  return undefined;
}

/** An expression that reads `$states.context`, or `$states` whole (which shows the context too). */
const READS_CONTEXT = /context|\$states\b(?!\s*\.)/;

async function evalOne(expr: jsonata.Expression, body: string, field: string, states: StatesBinding, vars: VariableScope, site: EvalSite, fast?: FastRead): Promise<unknown> {
  if (fast) {
    const v = fast(states, vars);
    if (v !== undefined) return v;
  }
  const bindings = vars.bindings();
  // A plain object: the JSONata library does not see the lazy `context` getter inside object
  // constructors (`{"id": $states.context.Execution.Id}` came out empty), so read it here when used.
  bindings.states = {
    input: states.input,
    result: states.result,
    errorOutput: states.errorOutput,
    context: READS_CONTEXT.test(body) ? states.context : undefined,
  };
  let value: unknown;
  try {
    value = await expr.evaluate(states.input, bindings);
  } catch (e) {
    if (e instanceof StatesError) throw e;
    const err = e as { message?: string; code?: string };
    const message = err.message ?? String(e);
    throw queryError(site, `The JSONata expression '${body}' specified for the field '${field}' threw an error during evaluation. ${err.code ? `${err.code}: ${message}` : message}`);
  }
  if (value === undefined) throw queryError(site, `The JSONata expression '${body}' specified for the field '${field}' returned nothing (undefined).`);
  return plain(value);
}

/** Compiles a JSON value in which `{% %}` strings are JSONata expressions. */
export function compileJsonata(value: unknown, stateName: string, field: string): JsonataTemplate {
  if (!hasExpression(value)) return { constant: true, evaluate: async () => value };
  const build = (v: unknown, f: string): ((s: StatesBinding, vars: VariableScope, site: EvalSite) => Promise<unknown>) => {
    if (isExpression(v)) {
      const expr = compileExpression(v, stateName, f);
      const body = EXPRESSION.exec(v)![1].trim();
      const fast = fastRead(body);
      return (s, vars, site) => evalOne(expr, body, f, s, vars, site, fast);
    }
    if (!hasExpression(v)) return async () => v;
    if (Array.isArray(v)) {
      const items = v.map((x, i) => build(x, `${f}[${i}]`));
      return async (s, vars, site) => {
        const out: unknown[] = [];
        for (const item of items) out.push(await item(s, vars, site));
        return out;
      };
    }
    const entries = Object.entries(v as object).map(([k, x]) => [k, build(x, `${f}/${k}`)] as const);
    return async (s, vars, site) => {
      const out: Record<string, unknown> = {};
      for (const [k, fn] of entries) out[k] = await fn(s, vars, site);
      return out;
    };
  };
  const fn = build(value, field);
  return { constant: false, evaluate: fn };
}

/** Evaluates and checks the JSON type of the result (AWS's "returned an unexpected result type"). */
export async function evaluateTyped(
  template: JsonataTemplate,
  source: unknown,
  expected: 'array' | 'number' | 'string' | 'object' | 'boolean' | 'integer',
  field: string,
  states: StatesBinding,
  vars: VariableScope,
  site: EvalSite,
): Promise<unknown> {
  const v = await template.evaluate(states, vars, site);
  const t = typeOfJson(v);
  const ok = expected === 'integer' ? Number.isInteger(v) : t === expected;
  if (!ok) {
    const body = isExpression(source) ? EXPRESSION.exec(source)![1].trim() : JSON.stringify(source);
    throw queryError(site, `The JSONata expression '${body}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${t}' for value: ${JSON.stringify(v)}`);
  }
  return v;
}

export { FunctionFailure };
