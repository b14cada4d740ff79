import type { ValidateStateMachineDefinitionInput, ValidateStateMachineDefinitionOutput } from '@aws-sdk/client-sfn';
import { invalidDefinitionDetail, type Diagnostic } from './diagnostics';
import { engineDiagnostics } from './engine-check';
import { graphDiagnostics } from './graph-rules';
import { parseDefinitionText } from './json-text';
import { jsonataDiagnostics } from './jsonata-rules';
import { validationException } from './service-error';
import { languageOf, machineDiagnostics, nestedListDiagnostics, nestedLists, stateDiagnostics, type MachineType, type QueryLanguage } from './structure-rules';

/**
 * ValidateStateMachineDefinition: AWS answers 200 with `result` OK or FAIL and the diagnostics
 * (recorded: an empty object, blank text, text that is not JSON, a missing StartAt, a JSONPath
 * state under a JSONata machine, .waitForTaskToken in an EXPRESS machine). Only a request that
 * breaks the API's own constraints is an error (ValidationException).
 */
export async function validateStateMachineDefinition(input: ValidateStateMachineDefinitionInput): Promise<ValidateStateMachineDefinitionOutput> {
  if (typeof input?.definition !== 'string') throw validationException("1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
  const type = input.type ?? 'STANDARD';
  if (type !== 'STANDARD' && type !== 'EXPRESS') throw validationException(enumViolation(type, 'type', ['STANDARD', 'EXPRESS']));
  const severity = input.severity ?? 'ERROR';
  if (severity !== 'ERROR' && severity !== 'WARNING') throw validationException(enumViolation(severity, 'severity', ['ERROR', 'WARNING']));
  const maxResults = input.maxResults === undefined || input.maxResults === 0 ? 100 : input.maxResults;
  if (!Number.isInteger(maxResults) || maxResults < 0 || maxResults > 100) {
    throw validationException(`1 validation error detected: Value '${input.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`);
  }
  // every diagnostic found is an ERROR: the WARNING codes (NO_DOLLAR, ...) are not produced
  const found = definitionDiagnostics(input.definition, type);
  return {
    result: found.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK',
    diagnostics: found.slice(0, maxResults),
    truncated: found.length > maxResults,
  };
}

function enumViolation(value: string, member: string, values: string[]): string {
  return `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`;
}

/**
 * Every diagnostic of a definition's text, in three stages, each reached only when the ones
 * before found nothing (a missing StartAt is reported alone, recorded INVALID_BASE_NO_STARTAT):
 * the JSON text and the schema (fields of the machine, its lists and states); the JSONata
 * expressions and the transitions of each list; what the engine itself refuses.
 */
export function definitionDiagnostics(text: string, type: MachineType = 'STANDARD'): Diagnostic[] {
  const parsed = parseDefinitionText(text);
  if ('diagnostic' in parsed) return [parsed.diagnostic];
  const definition = parsed.definition;
  const found: Found = { schema: machineDiagnostics(definition), flow: [] };
  const machineLanguage: QueryLanguage = languageOf(definition.QueryLanguage, 'JSONPath');
  visitList(definition, [], machineLanguage, machineLanguage, type, found);
  if (found.schema.length > 0) return found.schema;
  if (found.flow.length > 0) return found.flow;
  return engineDiagnostics(definition);
}

interface Found {
  schema: Diagnostic[];
  flow: Diagnostic[];
}

function visitList(list: Record<string, any>, path: string[], language: QueryLanguage, machineLanguage: QueryLanguage, type: MachineType, found: Found): void {
  const states = list.States;
  if (states === null || typeof states !== 'object' || Array.isArray(states)) return;
  for (const [name, state] of Object.entries<any>(states)) {
    const statePath = [...path, 'States', name];
    found.schema.push(...stateDiagnostics(state, statePath, language, machineLanguage, type));
    if (languageOf(state?.QueryLanguage, language) === 'JSONata' && state && typeof state === 'object') found.flow.push(...jsonataDiagnostics(state, statePath));
    for (const nested of nestedLists(state, statePath)) {
      found.schema.push(...nestedListDiagnostics(nested.list, nested.path, nested.kind));
      if (nested.list && typeof nested.list === 'object') {
        const nestedList = nested.list as Record<string, any>;
        // a branch may declare its language; item processors take the machine's
        visitList(nestedList, nested.path, nested.kind === 'branch' ? languageOf(nestedList.QueryLanguage, machineLanguage) : machineLanguage, machineLanguage, type, found);
      }
    }
  }
  found.flow.push(...graphDiagnostics(list, path));
}

/**
 * The detail of AWS's InvalidDefinition for CreateStateMachine and UpdateStateMachine, or
 * undefined when the definition is valid ("SCHEMA_VALIDATION_FAILED: ... at /States/...").
 */
export function invalidDefinitionProblem(text: string, type: MachineType = 'STANDARD'): string | undefined {
  const found = definitionDiagnostics(text, type).filter((d) => d.severity === 'ERROR');
  return found.length > 0 ? invalidDefinitionDetail(found) : undefined;
}

export type { Diagnostic } from './diagnostics';
