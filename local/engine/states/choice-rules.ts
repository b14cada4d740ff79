import { InvalidDefinitionError, StatesError, stateCause } from '../errors';
import { compilePath, type PathRoots } from '../json-path';
import type { StateRun } from '../runtime';
import { parseTimestamp } from './wait';

/**
 * JSONPath Choice rules: And/Or/Not and a Variable compared with a literal or with another
 * path. A comparison between values of the wrong type is false, not an error.
 */
export type Rule = (roots: PathRoots, run: StateRun) => boolean;

type Kind = 'String' | 'Numeric' | 'Boolean' | 'Timestamp';
const OPS: Record<string, (a: any, b: any) => boolean> = {
  Equals: (a, b) => a === b,
  LessThan: (a, b) => a < b,
  GreaterThan: (a, b) => a > b,
  LessThanEquals: (a, b) => a <= b,
  GreaterThanEquals: (a, b) => a >= b,
};

function asKind(kind: Kind, v: unknown): unknown {
  switch (kind) {
    case 'String':
      return typeof v === 'string' ? v : undefined;
    case 'Numeric':
      return typeof v === 'number' ? v : undefined;
    case 'Boolean':
      return typeof v === 'boolean' ? v : undefined;
    case 'Timestamp':
      return parseTimestamp(v);
  }
}

/** `*` matches any run of characters; `\*` and `\\` are literal. */
function matcher(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) re += pattern[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '*') re += '[\\s\\S]*';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const COMPARATOR = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/;
const TYPE_TESTS: Record<string, (v: unknown) => boolean> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => parseTimestamp(v) !== undefined,
};

const RULE_FIELDS = new Set(['Variable', 'And', 'Or', 'Not', 'Comment', 'IsPresent', ...Object.keys(TYPE_TESTS)]);

/** A top-level rule (a member of Choices) also has Next and Assign; nested ones must not. */
function checkRuleFields(rule: Record<string, unknown>, state: string, field: string, nested: boolean) {
  for (const key of Object.keys(rule)) {
    if (RULE_FIELDS.has(key) || COMPARATOR.test(key) || (!nested && (key === 'Next' || key === 'Assign'))) continue;
    throw new InvalidDefinitionError(state, `${field}/${key}`, `Field '${key}' is not supported in a ${nested ? 'nested ' : ''}choice rule`);
  }
}

export function compileRule(rule: Record<string, any>, state: string, field: string, nested = false): Rule {
  if (rule === null || typeof rule !== 'object') throw new InvalidDefinitionError(state, field, 'a choice rule must be an object');
  checkRuleFields(rule, state, field, nested);
  if (Array.isArray(rule.And) || Array.isArray(rule.Or)) {
    const op = rule.And ? 'And' : 'Or';
    const subs: Rule[] = rule[op].map((r: any, i: number) => compileRule(r, state, `${field}/${op}[${i}]`, true));
    if (subs.length === 0) throw new InvalidDefinitionError(state, `${field}/${op}`, 'must not be empty');
    return op === 'And' ? (roots, run) => subs.every((s) => s(roots, run)) : (roots, run) => subs.some((s) => s(roots, run));
  }
  if (rule.Not !== undefined) {
    const sub = compileRule(rule.Not, state, `${field}/Not`, true);
    return (roots, run) => !sub(roots, run);
  }
  if (typeof rule.Variable !== 'string' || !rule.Variable.startsWith('$')) throw new InvalidDefinitionError(state, `${field}/Variable`, 'a comparison needs a Variable path');
  const variable = compilePath(rule.Variable);
  const ops = Object.keys(rule).filter((k) => COMPARATOR.test(k) || k in TYPE_TESTS || k === 'IsPresent');
  if (ops.length !== 1) throw new InvalidDefinitionError(state, field, `a choice rule needs exactly one comparison operator, found ${ops.length ? ops.join(', ') : 'none'}`);
  const op = ops[0];
  const operand = rule[op];
  const invalid = (run: StateRun) =>
    new StatesError('States.Runtime', stateCause(state, run.enteredEventId, `Invalid path '${variable.text}': The choice state's condition path references an invalid value.`));
  if (op === 'IsPresent') return (roots) => variable.read(roots).found === operand;
  const typeTest = TYPE_TESTS[op];
  if (typeTest) {
    if (typeof operand !== 'boolean') throw new InvalidDefinitionError(state, `${field}/${op}`, 'must be true or false');
    return (roots) => {
      const r = variable.read(roots);
      return r.found ? typeTest(r.value) === operand : false;
    };
  }
  const [, kind, name, isPath] = COMPARATOR.exec(op)! as unknown as [string, Kind, string, string | undefined];
  if (name === 'Matches' && (kind !== 'String' || isPath)) throw new InvalidDefinitionError(state, `${field}/${op}`, 'unknown comparison operator');
  const compare = name === 'Matches' ? undefined : OPS[name];
  let right: (roots: PathRoots, run: StateRun) => unknown;
  if (isPath) {
    if (typeof operand !== 'string' || !operand.startsWith('$')) throw new InvalidDefinitionError(state, `${field}/${op}`, 'must be a path');
    const p = compilePath(operand);
    right = (roots, run) => {
      const r = p.read(roots);
      if (!r.found) throw new StatesError('States.Runtime', stateCause(state, run.enteredEventId, `Invalid path '${p.text}': The choice state's condition path references an invalid value.`));
      return asKind(kind, r.value);
    };
  } else {
    const lit = asKind(kind, operand);
    if (lit === undefined) throw new InvalidDefinitionError(state, `${field}/${op}`, `must be a ${kind.toLowerCase()} value`);
    right = () => lit;
  }
  if (name === 'Matches') {
    const re = matcher(operand);
    return (roots, run) => {
      const r = variable.read(roots);
      if (!r.found) throw invalid(run);
      return typeof r.value === 'string' && re.test(r.value);
    };
  }
  return (roots, run) => {
    const r = variable.read(roots);
    if (!r.found) throw invalid(run);
    const a = asKind(kind, r.value);
    const b = right(roots, run);
    if (a === undefined || b === undefined) return false;
    return compare!(a, b);
  };
}
