import { InvalidDefinitionError, SingleState, type EngineOptions } from '../../engine';
import { at, invalidDefinitionDetail, schemaError, type Diagnostic } from '../validation/diagnostics';
import { parseDefinitionText } from '../validation/json-text';
import { jsonataDiagnostics } from '../validation/jsonata-rules';
import { invalidDefinition, validationException } from '../validation/service-error';
import { languageOf, stateDiagnostics } from '../validation/structure-rules';
import { definitionDiagnostics } from '../validation/validate';

/**
 * The state TestState runs: the `definition` itself, or with `stateName` the state of that name in
 * a full machine (nested ones included, recorded: `HandleItem` inside a Map). A definition AWS
 * refuses is InvalidDefinition with the same diagnostics ValidateStateMachineDefinition gives
 * (recorded: "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should
 * have one of these values: [...] at /States/ExistingButInvalidState/Type'"); a name no state has
 * is ValidationException "State not found in definition" (recorded). A state given alone is
 * located from its own root (/Type); its transitions may name states that are not there.
 */
export const TESTED_STATE_NAME = 'StateName';

/**
 * States already compiled, per engine options: checking and compiling a machine the saga's size
 * takes tens of milliseconds, and a test suite asks for its states one after another.
 */
const compiled = new WeakMap<EngineOptions, Map<string, SingleState>>();
const KEPT = 64;

export function testedState(definition: string, stateName: string | undefined, options: EngineOptions): SingleState {
  let cache = compiled.get(options);
  if (!cache) compiled.set(options, (cache = new Map()));
  const key = `${stateName ?? ''}\u0000${definition}`;
  const hit = cache.get(key);
  if (hit) {
    // most recently used last, so the oldest entry is the first to go
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const state = compileTestedState(definition, stateName, options);
  cache.set(key, state);
  if (cache.size > KEPT) cache.delete(cache.keys().next().value as string);
  return state;
}

function compileTestedState(definition: string, stateName: string | undefined, options: EngineOptions): SingleState {
  if (stateName !== undefined) {
    const problems = definitionDiagnostics(definition, 'STANDARD');
    if (problems.length > 0) throw invalidDefinition(invalidDefinitionDetail(problems));
    const state = compile(() => SingleState.fromMachine(definition, stateName, options));
    if (!state) throw validationException('State not found in definition');
    return state;
  }
  const parsed = parseDefinitionText(definition);
  if ('diagnostic' in parsed) throw invalidDefinition(invalidDefinitionDetail([parsed.diagnostic]));
  const language = languageOf(parsed.definition.QueryLanguage, 'JSONPath');
  const problems: Diagnostic[] = stateDiagnostics(parsed.definition, [], language, language, 'STANDARD');
  if (problems.length === 0 && language === 'JSONata') problems.push(...jsonataDiagnostics(parsed.definition, []));
  if (problems.length > 0) throw invalidDefinition(invalidDefinitionDetail(problems));
  return compile(() => SingleState.fromState(parsed.definition, TESTED_STATE_NAME, options))!;
}

/** The engine's own refusals, as SCHEMA_VALIDATION_FAILED at the field at fault. */
function compile<T>(build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof InvalidDefinitionError)) throw e;
    throw invalidDefinition(invalidDefinitionDetail([schemaError(e.reason, at(...(e.field ? e.field.split('/') : [])))]));
  }
}
