import jsonata from 'jsonata';
import { at, error, type Diagnostic } from './diagnostics';

/**
 * The JSONata expressions of a JSONata state, parsed as AWS parses them when a definition is
 * created (measured in floci-io/floci#2745 and #2670):
 *   - one that does not parse is INVALID_JSONATA_EXPRESSION with the parser's message without its
 *     code ("Unexpected end of expression") at the field, e.g. /States/Main/Output;
 *   - a path that starts from a bare name reads a context item Step Functions does not provide
 *     (the input is `$states.input`): UNSUPPORTED_JSONATA_EXPRESSION "Reference to 'phone' at the
 *     top level is not supported." at the field, e.g. /States/E/Output/v.
 * Array elements are located as `Catch[0]`, like the transitions.
 */
type Def = Record<string, any>;

/** Fields that never hold expressions, or hold nested states checked on their own. */
const NOT_EXPRESSIONS = new Set(['Type', 'Comment', 'Next', 'End', 'QueryLanguage', 'Branches', 'ItemProcessor', 'Iterator', 'Retry', 'Default']);
const EXPRESSION = /^\{%([\s\S]*)%\}$/;

export function jsonataDiagnostics(state: Def, path: string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (value: unknown, where: string[]) => {
    if (typeof value === 'string') {
      const m = EXPRESSION.exec(value);
      if (m) out.push(...expressionDiagnostics(m[1].trim(), at(...where)));
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, [...where.slice(0, -1), `${where[where.length - 1]}[${i}]`]));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, [...where, k]);
    }
  };
  for (const [field, value] of Object.entries(state)) if (!NOT_EXPRESSIONS.has(field)) visit(value, [...path, field]);
  return out;
}

function expressionDiagnostics(body: string, location: string): Diagnostic[] {
  let ast: jsonata.ExprNode;
  try {
    ast = jsonata(body).ast();
  } catch (e) {
    return [error('INVALID_JSONATA_EXPRESSION', (e as Error).message, location)];
  }
  const names = new Set<string>();
  topLevelNames(ast, true, names);
  return [...names].map((name) => error('UNSUPPORTED_JSONATA_EXPRESSION', `Reference to '${name}' at the top level is not supported.`, location));
}

/**
 * Names read from the context item: the first step of a path evaluated at the top (not a later
 * step of a path, nor a predicate or stage, which read the step's own items).
 */
function topLevelNames(node: any, top: boolean, names: Set<string>): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) topLevelNames(n, top, names);
    return;
  }
  if (node.type === 'name') {
    if (top) names.add(node.value);
  } else if (node.type === 'path') {
    (node.steps ?? []).forEach((step: any, i: number) => topLevelNames(step, top && i === 0, names));
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === 'stages' || key === 'predicate' || key === 'group') topLevelNames(child, false, names);
    else if (key !== 'steps' && child !== null && typeof child === 'object') topLevelNames(child, top, names);
  }
}
