import { at, error, type Diagnostic } from './diagnostics';

/**
 * The transitions of one state list, as AWS checks them (measured in floci-io/floci#2735 and
 * #2786): a target that names no state is MISSING_TRANSITION_TARGET "Missing 'Next' target: X"
 * (the word is `Next` whatever the field) at the field (/StartAt, /States/A/Next,
 * /States/C/Choices[0]/Next, /States/A/Default, /States/T/Catch[0]/Next); a list without any
 * terminal state is MISSING_END_STATE "Workflow has no terminal state" without location, and
 * only when it has one is a state nothing leads to reported, as MISSING_TRANSITION_TARGET
 * `State "C" is not reachable.` at /States/C.
 */
type Def = Record<string, any>;

export function transitions(state: Def): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (state.Next !== undefined) out.push(['Next', state.Next]);
  if (state.Default !== undefined) out.push(['Default', state.Default]);
  (Array.isArray(state.Choices) ? state.Choices : []).forEach((c: Def, i: number) => c?.Next !== undefined && out.push([`Choices[${i}]/Next`, c.Next]));
  (Array.isArray(state.Catch) ? state.Catch : []).forEach((c: Def, i: number) => c?.Next !== undefined && out.push([`Catch[${i}]/Next`, c.Next]));
  return out;
}

const isTerminal = (state: Def) => state?.End === true || state?.Type === 'Succeed' || state?.Type === 'Fail';

export function graphDiagnostics(list: Def, path: string[]): Diagnostic[] {
  const states: Def = list.States;
  if (states === null || typeof states !== 'object' || Array.isArray(states)) return [];
  const has = (name: unknown) => typeof name === 'string' && Object.prototype.hasOwnProperty.call(states, name);
  const out: Diagnostic[] = [];
  const missing = (target: unknown, ...where: string[]) => out.push(error('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${String(target)}`, at(...path, ...where)));
  if (typeof list.StartAt === 'string' && !has(list.StartAt)) missing(list.StartAt, 'StartAt');
  for (const [name, state] of Object.entries<Def>(states)) {
    if (state === null || typeof state !== 'object') continue;
    for (const [field, target] of transitions(state)) if (!has(target)) missing(target, 'States', name, field);
  }
  if (!Object.values<Def>(states).some(isTerminal)) {
    out.push(error('MISSING_END_STATE', 'Workflow has no terminal state'));
    return out;
  }
  const reached = new Set<string>();
  const queue = has(list.StartAt) ? [list.StartAt as string] : [];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    const state = states[name];
    if (state && typeof state === 'object') for (const [, target] of transitions(state)) if (has(target)) queue.push(target as string);
  }
  for (const name of Object.keys(states)) {
    if (!reached.has(name)) out.push(error('MISSING_TRANSITION_TARGET', `State "${name}" is not reachable.`, at(...path, 'States', name)));
  }
  return out;
}
