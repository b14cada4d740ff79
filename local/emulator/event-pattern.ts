/**
 * EventBridge event patterns, as the rules in the template declare them
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html):
 * every field of the pattern must match; a list of values matches when any one does; an array in the
 * event matches when any of its elements does; nested objects match field by field.
 */
export type EventPattern = { [field: string]: unknown };

export class InvalidEventPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventPatternError';
  }
}

export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([field, condition]) => {
    if (field === '$or') {
      if (!Array.isArray(condition)) throw new InvalidEventPatternError('$or must be a list of patterns');
      return condition.some((alternative) => matchesEventPattern(alternative as EventPattern, event));
    }
    const present = Object.prototype.hasOwnProperty.call(event, field);
    const value = event[field];
    if (Array.isArray(condition)) return matchesAnyOf(condition, present, value);
    if (isObject(condition)) return present && matchesEventPattern(condition, value);
    throw new InvalidEventPatternError(`the pattern's value for "${field}" must be a list or an object`);
  });
}

function matchesAnyOf(alternatives: unknown[], present: boolean, value: unknown): boolean {
  return alternatives.some((alternative) => {
    if (isObject(alternative) && 'exists' in alternative) return alternative.exists === present;
    if (!present) return false;
    const candidates = Array.isArray(value) ? value : [value];
    return candidates.some((candidate) => matchesOne(alternative, candidate));
  });
}

function matchesOne(alternative: unknown, value: unknown): boolean {
  if (!isObject(alternative)) return alternative === value;
  const [operator, operand] = Object.entries(alternative)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && matchesAffix(operand, value, (v, s) => v.startsWith(s));
    case 'suffix':
      return typeof value === 'string' && matchesAffix(operand, value, (v, s) => v.endsWith(s));
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof operand === 'string' && value.toLowerCase() === operand.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && typeof operand === 'string' && wildcardRegExp(operand).test(value);
    case 'anything-but':
      return !matchesAnythingBut(operand, value);
    case 'numeric':
      return typeof value === 'number' && matchesNumeric(operand, value);
    default:
      throw new InvalidEventPatternError(`unsupported pattern operator "${String(operator)}"`);
  }
}

function matchesAffix(operand: unknown, value: string, test: (value: string, affix: string) => boolean): boolean {
  if (typeof operand === 'string') return test(value, operand);
  if (isObject(operand) && typeof operand['equals-ignore-case'] === 'string') {
    return test(value.toLowerCase(), operand['equals-ignore-case'].toLowerCase());
  }
  throw new InvalidEventPatternError('prefix and suffix take a string or {"equals-ignore-case": string}');
}

/** True when the value is one of the excluded ones. */
function matchesAnythingBut(operand: unknown, value: unknown): boolean {
  if (Array.isArray(operand)) return operand.some((excluded) => excluded === value);
  if (isObject(operand)) return matchesOne(operand, value);
  return operand === value;
}

function matchesNumeric(operand: unknown, value: number): boolean {
  if (!Array.isArray(operand) || operand.length % 2 !== 0) {
    throw new InvalidEventPatternError('numeric takes pairs of operator and number, e.g. [">", 0, "<=", 5]');
  }
  for (let i = 0; i < operand.length; i += 2) {
    const bound = operand[i + 1] as number;
    const holds = {
      '=': value === bound,
      '<': value < bound,
      '<=': value <= bound,
      '>': value > bound,
      '>=': value >= bound,
    }[operand[i] as string];
    if (holds === undefined) throw new InvalidEventPatternError(`unknown numeric operator "${String(operand[i])}"`);
    if (!holds) return false;
  }
  return true;
}

function wildcardRegExp(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
