/**
 * Checks a request against its operation's input shape, as AWS's front end does before the
 * service sees it: a value of the wrong JSON type is a SerializationException; a missing required
 * member, a length, range, enum or pattern outside the model is one ValidationException that lists
 * every violation ("2 validation errors detected: Value ... at 'name' failed to satisfy
 * constraint: ...; Value ...").
 */
import { ApiError } from '../errors';
import type { ServiceModel, Shape } from './service-model';

/**
 * Shapes whose length limit counts UTF-8 bytes, not characters (the API reference says so of
 * execution input and output, and AWS words the violation differently).
 */
const UTF8_SIZE_SHAPES = new Set(['SensitiveData']);

const compiledPatterns = new Map<string, RegExp | null>();
function patternOf(source: string): RegExp | null {
  if (!compiledPatterns.has(source)) {
    let re: RegExp | null = null;
    try {
      // Java's matches(): the whole value must match.
      re = new RegExp(`^(?:${source})$`, 'u');
    } catch {
      re = null; // a Java-only construct: not checked locally
    }
    compiledPatterns.set(source, re);
  }
  return compiledPatterns.get(source)!;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as AWS prints it in a validation message (Java's toString of the request object). */
function render(model: ServiceModel, shapeName: string, value: unknown): string {
  const shape = model.shapes[shapeName];
  if (value === null || value === undefined) return 'null';
  if (shape?.type === 'list' && Array.isArray(value)) return `[${value.map((v) => render(model, shape.member!, v)).join(', ')}]`;
  if (shape?.type === 'structure' && isObject(value)) {
    const parts = Object.entries(shape.members ?? {})
      .filter(([name]) => value[name] !== undefined && value[name] !== null)
      .map(([name, member]) => `${name}=${model.shapes[member]?.sensitive ? '***' : render(model, member, value[name])}`);
    return `${shapeName}(${parts.join(', ')})`;
  }
  if (shape?.type === 'map' && isObject(value)) return `{${Object.entries(value).map(([k, v]) => `${k}=${render(model, shape.value!, v)}`).join(', ')}}`;
  return String(value);
}

class Checker {
  readonly violations: string[] = [];
  constructor(private readonly model: ServiceModel) {}

  private violation(path: string, shapeName: string, value: unknown, constraint: string): void {
    const shown = this.model.shapes[shapeName]?.sensitive ? 'Value' : `Value '${render(this.model, shapeName, value)}'`;
    this.violations.push(`${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  check(shapeName: string, value: unknown, path: string): void {
    const shape = this.model.shapes[shapeName];
    if (!shape || value === undefined || value === null) return;
    switch (shape.type) {
      case 'structure':
        return this.structure(shape, value, path);
      case 'list':
        if (!Array.isArray(value)) throw serialization(path, 'a list');
        this.length(path, shapeName, shape, value, value.length);
        value.forEach((item, i) => this.check(shape.member!, item, `${path}.${i + 1}.member`));
        return;
      case 'map':
        if (!isObject(value)) throw serialization(path, 'a map');
        this.length(path, shapeName, shape, value, Object.keys(value).length);
        for (const [k, v] of Object.entries(value)) this.check(shape.value!, v, `${path}.${k}`);
        return;
      case 'string':
        return this.string(shapeName, shape, value, path);
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        if (typeof value !== 'number' || !Number.isFinite(value) || (shape.type !== 'float' && shape.type !== 'double' && !Number.isInteger(value))) {
          throw serialization(path, `a number of type ${shape.type}`);
        }
        if (shape.max !== undefined && value > shape.max) this.violation(path, shapeName, value, `Member must have value less than or equal to ${shape.max}`);
        if (shape.min !== undefined && value < shape.min) this.violation(path, shapeName, value, `Member must have value greater than or equal to ${shape.min}`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') throw serialization(path, 'a boolean');
        return;
      case 'timestamp':
        if (typeof value !== 'number' && typeof value !== 'string') throw serialization(path, 'a timestamp');
        return;
      case 'blob':
        if (typeof value !== 'string') throw serialization(path, 'base64 text');
        return;
      default:
        return;
    }
  }

  structure(shape: Shape, value: unknown, path: string): void {
    if (!isObject(value)) throw serialization(path || 'the request', 'a structure');
    const at = (name: string) => (path ? `${path}.${name}` : name);
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const v = value[name];
      if ((v === undefined || v === null) && shape.required?.includes(name)) {
        this.violations.push(`Value null at '${at(name)}' failed to satisfy constraint: Member must not be null`);
        continue;
      }
      this.check(member, v, at(name));
    }
  }

  private string(shapeName: string, shape: Shape, value: unknown, path: string): void {
    if (typeof value !== 'string') throw serialization(path, 'a string');
    if (UTF8_SIZE_SHAPES.has(shapeName)) {
      const size = Buffer.byteLength(value, 'utf8');
      if (shape.max !== undefined && size > shape.max) {
        this.violation(path, shapeName, value, `Member must have size less than or equal to ${shape.max} bytes in UTF-8 encoding`);
      }
      return;
    }
    // Java counts UTF-16 code units, as JavaScript's length does.
    this.length(path, shapeName, shape, value, value.length);
    if (shape.enum && !shape.enum.includes(value)) {
      this.violation(path, shapeName, value, `Member must satisfy enum value set: [${enumOrder(shapeName, shape.enum).join(', ')}]`);
    }
    if (shape.pattern) {
      const re = patternOf(shape.pattern);
      if (re && !re.test(value)) this.violation(path, shapeName, value, `Member must satisfy regular expression pattern: ${shape.pattern}`);
    }
  }

  private length(path: string, shapeName: string, shape: Shape, value: unknown, length: number): void {
    if (shape.max !== undefined && length > shape.max) this.violation(path, shapeName, value, `Member must have length less than or equal to ${shape.max}`);
    if (shape.min !== undefined && length < shape.min) this.violation(path, shapeName, value, `Member must have length greater than or equal to ${shape.min}`);
  }
}

/**
 * AWS lists an enum's values in the order of a Java hash set, not the model's; where a recording
 * shows that order, it is used.
 */
const RECORDED_ENUM_ORDER: Record<string, string[]> = {
  // conformance-api case test_state_machine_status_filter#list_executions_filter_exc
  ExecutionStatus: ['SUCCEEDED', 'TIMED_OUT', 'PENDING_REDRIVE', 'ABORTED', 'FAILED', 'RUNNING'],
};
function enumOrder(shapeName: string, values: string[]): string[] {
  const recorded = RECORDED_ENUM_ORDER[shapeName];
  return recorded && recorded.length === values.length && values.every((v) => recorded.includes(v)) ? recorded : values;
}

function serialization(path: string, expected: string): ApiError {
  return new ApiError('SerializationException', `Unexpected value at '${path}': expected ${expected}`);
}

/** Throws the ValidationException or SerializationException AWS would answer for this input. */
export function validateInput(model: ServiceModel, inputShape: string | undefined, input: unknown): void {
  if (!inputShape) return;
  const checker = new Checker(model);
  checker.structure(model.shapes[inputShape], input, '');
  const n = checker.violations.length;
  if (n > 0) throw new ApiError('ValidationException', `${n} validation error${n > 1 ? 's' : ''} detected: ${checker.violations.join('; ')}`);
}
