import { InvalidDefinitionError, StateMachine } from '../../engine';
import { at, schemaError, type Diagnostic } from './diagnostics';

/**
 * What the engine refuses beyond the rules written from AWS's measured answers (JSONPath paths,
 * intrinsic functions, payload templates, Retry ranges, Wait timestamps, ...): one
 * SCHEMA_VALIDATION_FAILED diagnostic with the engine's reason, located at the state (found
 * wherever it is nested) and field at fault. The wording is the engine's own.
 */
export function engineDiagnostics(definition: Record<string, unknown>): Diagnostic[] {
  try {
    new StateMachine(definition);
    return [];
  } catch (e) {
    if (!(e instanceof InvalidDefinitionError)) throw e;
    const statePath = e.state === undefined ? [] : pathOfState(definition, e.state) ?? ['States', e.state];
    return [schemaError(e.reason, at(...statePath, ...(e.field ? e.field.split('/') : [])))];
  }
}

/** The path of the first state of that name: /States/P/Branches/0/States/X and so on. */
export function pathOfState(list: Record<string, any>, name: string, prefix: string[] = []): string[] | undefined {
  const states = list?.States;
  if (states === null || typeof states !== 'object') return undefined;
  if (Object.prototype.hasOwnProperty.call(states, name)) return [...prefix, 'States', name];
  for (const [stateName, state] of Object.entries<any>(states)) {
    const here = [...prefix, 'States', stateName];
    const nested: [unknown, string[]][] = [
      ...(Array.isArray(state?.Branches) ? state.Branches.map((b: unknown, i: number) => [b, [...here, 'Branches', String(i)]] as [unknown, string[]]) : []),
      [state?.ItemProcessor, [...here, 'ItemProcessor']],
      [state?.Iterator, [...here, 'Iterator']],
    ];
    for (const [list2, path] of nested) {
      const found = list2 ? pathOfState(list2 as Record<string, any>, name, path) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}
