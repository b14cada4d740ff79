import { InvalidDefinitionError } from './errors';

/**
 * Which fields AWS accepts where, per the ASL specification ("Top-level fields", the tables of
 * state types and fields for JSONata and JSONPath, and each state type's own fields) and the Step
 * Functions developer guide. AWS refuses a definition with any other field when it is created
 * ("SCHEMA_VALIDATION_FAILED: Field 'X' is not supported"). Each state type's set is the union of
 * both query languages: a field of the other language gets its own, clearer rejection
 * (checkFieldsForLanguage in state-common.ts).
 */
const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const PATHS = ['InputPath', 'OutputPath'];
const RESULTS = ['Parameters', 'ResultSelector', 'ResultPath', 'Arguments', 'Output', 'Assign', 'Retry', 'Catch'];

export const STATE_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  Pass: new Set([...COMMON, ...FLOW, ...PATHS, 'Parameters', 'ResultPath', 'Result', 'Output', 'Assign']),
  Task: new Set([...COMMON, ...FLOW, ...PATHS, ...RESULTS, 'Resource', 'TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath', 'Credentials']),
  Choice: new Set([...COMMON, ...PATHS, 'Choices', 'Default', 'Output', 'Assign']),
  Wait: new Set([...COMMON, ...FLOW, ...PATHS, 'Output', 'Assign', 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']),
  Succeed: new Set([...COMMON, ...PATHS, 'Output']),
  Fail: new Set([...COMMON, 'Error', 'ErrorPath', 'Cause', 'CausePath']),
  Parallel: new Set([...COMMON, ...FLOW, ...PATHS, ...RESULTS, 'Branches']),
  Map: new Set([
    ...COMMON, ...FLOW, ...PATHS, ...RESULTS.filter((f) => f !== 'Arguments'),
    'ItemProcessor', 'Iterator', 'ItemsPath', 'Items', 'ItemSelector', 'ItemReader', 'ItemBatcher', 'ResultWriter', 'Label',
    'MaxConcurrency', 'MaxConcurrencyPath', 'ToleratedFailureCount', 'ToleratedFailureCountPath', 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath',
  ]),
};

/** "A ... State MUST NOT include both X and XPath" (Task, Fail and Map sections of the spec). */
const EXCLUSIVE: [string, string][] = [
  ['TimeoutSeconds', 'TimeoutSecondsPath'],
  ['HeartbeatSeconds', 'HeartbeatSecondsPath'],
  ['Error', 'ErrorPath'],
  ['Cause', 'CausePath'],
  ['MaxConcurrency', 'MaxConcurrencyPath'],
  ['ToleratedFailureCount', 'ToleratedFailureCountPath'],
  ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'],
];

export const MACHINE_FIELDS: ReadonlySet<string> = new Set(['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage']);
export const BRANCH_FIELDS: ReadonlySet<string> = new Set(['Comment', 'StartAt', 'States', 'QueryLanguage']);
// AWS refuses QueryLanguage on an ItemProcessor or Iterator: its states take the machine's language
export const ITEM_PROCESSOR_FIELDS: ReadonlySet<string> = new Set(['Comment', 'StartAt', 'States', 'ProcessorConfig']);
const PROCESSOR_CONFIG = new Set(['Mode', 'ExecutionType']);

export const RETRIER_FIELDS: ReadonlySet<string> = new Set(['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment']);
export const CATCHER_FIELDS: ReadonlySet<string> = new Set(['ErrorEquals', 'Next', 'ResultPath', 'Output', 'Assign', 'Comment']);
export const JSONATA_RULE_FIELDS: ReadonlySet<string> = new Set(['Condition', 'Next', 'Output', 'Assign', 'Comment']);

/** Rejects the first field of `object` that `allowed` does not name; `field` is where it sits. */
export function checkFields(object: Record<string, unknown>, allowed: ReadonlySet<string>, state: string | undefined, field: string | undefined, where: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.has(key)) throw new InvalidDefinitionError(state, field ? `${field}/${key}` : key, `Field '${key}' is not supported in ${where}`);
  }
}

export function checkStateFields(def: Record<string, unknown>, name: string): void {
  const type = def.Type as string;
  checkFields(def, STATE_FIELDS[type], name, undefined, `a ${type} state`);
  for (const [a, b] of EXCLUSIVE) {
    if (def[a] !== undefined && def[b] !== undefined) throw new InvalidDefinitionError(name, b, `only one of ${a} and ${b} may be given`);
  }
}

/**
 * The fields of a state list: the machine itself (`where` empty), a Parallel branch
 * (`Branches[i]`) or a Map's ItemProcessor/Iterator, named with the state that holds it.
 */
export function checkListFields(def: Record<string, unknown>, owner: string | undefined, where: string): void {
  if (!where) return checkFields(def, MACHINE_FIELDS, undefined, undefined, 'a state machine');
  if (where.startsWith('Branches')) return checkFields(def, BRANCH_FIELDS, owner, where, 'a Parallel branch');
  checkFields(def, ITEM_PROCESSOR_FIELDS, owner, where, `a Map's ${where}`);
  const config = def.ProcessorConfig;
  if (config !== undefined) {
    if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new InvalidDefinitionError(owner, `${where}/ProcessorConfig`, 'must be a JSON object');
    checkFields(config as Record<string, unknown>, PROCESSOR_CONFIG, owner, `${where}/ProcessorConfig`, 'a ProcessorConfig');
  }
}
