import { BRANCH_FIELDS, ITEM_PROCESSOR_FIELDS, MACHINE_FIELDS, STATE_FIELDS } from '../../engine/definition-fields';
import { JSONATA_ONLY, JSONPATH_ONLY } from '../../engine/state-common';
import { at, schemaError, type Diagnostic } from './diagnostics';

/**
 * The shape of a definition, with AWS's SCHEMA_VALIDATION_FAILED wording where it was measured:
 *   - required fields: "These fields are required: [States, StartAt]" at "/" (recorded);
 *   - an unknown Type: "The field 'Type' should have one of these values: [Task, Wait, Pass,
 *     Succeed, Fail, Choice, Parallel, Map]" at /States/X/Type (recorded);
 *   - "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine" at the
 *     state (recorded); a field of the other language: "The QueryLanguage is set to 'JSONPath', but
 *     field 'Output' is only supported for the 'JSONata' QueryLanguage" at the state, and a field
 *     the state type does not have: "Field 'TimeoutSeconds' is not supported" at the state
 *     (measured on AWS in floci-io/floci#2735 and #2968);
 *   - Credentials without RoleArn (recorded), Express machines with .sync or .waitForTaskToken
 *     (recorded, the latter with AWS's trailing space), an optimized integration AWS does not have
 *     (recorded for dynamodb:query).
 * The states of Parallel branches and Map item processors run in the machine's own language
 * unless a branch declares one (floci-io/floci#2968; recorded VALID_QUERY_LANGUAGE_PASS).
 */
export type QueryLanguage = 'JSONPath' | 'JSONata';
export type MachineType = 'STANDARD' | 'EXPRESS';
type Def = Record<string, any>;

export const STATE_TYPES = ['Task', 'Wait', 'Pass', 'Succeed', 'Fail', 'Choice', 'Parallel', 'Map'];

/** What the rules visit: every state list, with its path and language. */
export interface ListVisit {
  list: Def;
  path: string[];
  language: QueryLanguage;
}

const isObject = (v: unknown): v is Def => v !== null && typeof v === 'object' && !Array.isArray(v);

export function languageOf(v: unknown, inherited: QueryLanguage): QueryLanguage {
  return v === 'JSONata' ? 'JSONata' : v === 'JSONPath' ? 'JSONPath' : inherited;
}

/** The machine's own fields; the lists and states are visited by `listDiagnostics`. */
export function machineDiagnostics(def: Def): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const key of Object.keys(def)) if (!MACHINE_FIELDS.has(key)) out.push(schemaError(`Field '${key}' is not supported`, at()));
  const missing = ['States', 'StartAt'].filter((f) => def[f] === undefined);
  if (missing.length > 0) out.push(schemaError(`These fields are required: [${missing.join(', ')}]`, at()));
  out.push(...enumDiagnostics(def, 'QueryLanguage', ['JSONata', 'JSONPath'], []));
  return out;
}

function enumDiagnostics(def: Def, field: string, values: string[], path: string[]): Diagnostic[] {
  const v = def[field];
  if (v === undefined || values.includes(v)) return [];
  return [schemaError(`The field '${field}' should have one of these values: [${values.join(', ')}]`, at(...path, field))];
}

/** A nested list's own fields (a Parallel branch, a Map's ItemProcessor or Iterator). */
export function nestedListDiagnostics(list: unknown, path: string[], kind: 'branch' | 'processor'): Diagnostic[] {
  if (!isObject(list)) return [schemaError('The value must be a JSON object', at(...path))];
  const allowed = kind === 'branch' ? BRANCH_FIELDS : ITEM_PROCESSOR_FIELDS;
  const out: Diagnostic[] = [];
  for (const key of Object.keys(list)) if (!allowed.has(key)) out.push(schemaError(`Field '${key}' is not supported`, at(...path)));
  const missing = ['States', 'StartAt'].filter((f) => list[f] === undefined);
  if (missing.length > 0) out.push(schemaError(`These fields are required: [${missing.join(', ')}]`, at(...path)));
  return out;
}

/** One state's shape, in a list of language `listLanguage` of a machine of `machineLanguage`. */
export function stateDiagnostics(state: unknown, path: string[], listLanguage: QueryLanguage, machineLanguage: QueryLanguage, type: MachineType): Diagnostic[] {
  const where = at(...path);
  if (!isObject(state)) return [schemaError('The value must be a JSON object', where)];
  if (state.Type === undefined) return [schemaError('These fields are required: [Type]', where)];
  if (!STATE_TYPES.includes(state.Type)) return [schemaError(`The field 'Type' should have one of these values: [${STATE_TYPES.join(', ')}]`, at(...path, 'Type'))];
  const out = enumDiagnostics(state, 'QueryLanguage', ['JSONata', 'JSONPath'], path);
  const language = languageOf(state.QueryLanguage, listLanguage);
  if (machineLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
    out.push(schemaError("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", where));
  }
  // Result belongs to JSONPath Pass states; JSONata ones have Output
  const otherLanguage = language === 'JSONata' ? [...JSONPATH_ONLY, 'Result'] : JSONATA_ONLY;
  const other = language === 'JSONata' ? 'JSONPath' : 'JSONata';
  for (const key of Object.keys(state)) {
    if (otherLanguage.includes(key)) {
      out.push(schemaError(`The QueryLanguage is set to '${language}', but field '${key}' is only supported for the '${other}' QueryLanguage`, where));
    } else if (!STATE_FIELDS[state.Type].has(key)) {
      out.push(schemaError(`Field '${key}' is not supported`, where));
    }
  }
  if (state.Type === 'Task') out.push(...taskDiagnostics(state, path, type));
  return out;
}

/** Step Functions' optimized integrations with every action they have, for the services listed. */
const OPTIMIZED_ACTIONS: Record<string, string[]> = {
  lambda: ['invoke'],
  dynamodb: ['getItem', 'putItem', 'updateItem', 'deleteItem'],
  events: ['putEvents'],
  sns: ['publish'],
  sqs: ['sendMessage'],
  states: ['startExecution'],
};

function taskDiagnostics(state: Def, path: string[], type: MachineType): Diagnostic[] {
  const out: Diagnostic[] = [];
  const credentials = state.Credentials;
  if (isObject(credentials) && credentials.RoleArn === undefined && credentials['RoleArn.$'] === undefined) {
    out.push(schemaError("The field 'RoleArn' is required but was missing", at(...path, 'Credentials')));
  }
  const resource = state.Resource;
  if (typeof resource !== 'string') return out;
  const where = at(...path, 'Resource');
  if (type === 'EXPRESS' && /\.sync(:\d+)?$/.test(resource)) out.push(schemaError("Express state machine does not support '.sync' service integration", where));
  // AWS's message ends with a space here, and not in the '.sync' one
  if (type === 'EXPRESS' && resource.endsWith('.waitForTaskToken')) out.push(schemaError("Express state machine does not support '.waitForTaskToken' service integration ", where));
  const m = /^arn:aws[\w-]*:states:::([\w-]+):([\w]+)(?:\.sync(?::\d+)?|\.waitForTaskToken)?$/.exec(resource);
  if (m && OPTIMIZED_ACTIONS[m[1]] && !OPTIMIZED_ACTIONS[m[1]].includes(m[2])) {
    out.push(schemaError(`The resource provided ${resource} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`, where));
  }
  return out;
}

/** The nested lists of a state, with their paths: Parallel branches, a Map's item processor. */
export function nestedLists(state: unknown, path: string[]): { list: unknown; path: string[]; kind: 'branch' | 'processor' }[] {
  if (!isObject(state)) return [];
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) return state.Branches.map((b: unknown, i: number) => ({ list: b, path: [...path, 'Branches', String(i)], kind: 'branch' as const }));
  if (state.Type === 'Map') {
    const field = state.ItemProcessor !== undefined ? 'ItemProcessor' : state.Iterator !== undefined ? 'Iterator' : undefined;
    if (field) return [{ list: state[field], path: [...path, field], kind: 'processor' }];
  }
  return [];
}
