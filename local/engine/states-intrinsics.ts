import { createHash, randomUUID } from 'node:crypto';
import { compilePath, type CompiledPath, type PathRoots } from './json-path';

/**
 * The `States.*` intrinsic functions of JSONPath states: a parser producing a small tree, and a
 * table of one small function per intrinsic. Argument checks follow the AWS documentation.
 */
type Arg =
  | { kind: 'literal'; value: unknown }
  | { kind: 'path'; path: CompiledPath }
  | { kind: 'call'; call: IntrinsicCall };

export interface IntrinsicCall {
  readonly name: string;
  readonly args: Arg[];
}

export class IntrinsicSyntaxError extends Error {
  override readonly name = 'IntrinsicSyntaxError';
}

/** Thrown by an intrinsic whose arguments are wrong; surfaces as States.IntrinsicFailure... or Runtime. */
export class IntrinsicFailure extends Error {
  override readonly name = 'IntrinsicFailure';
}

export function looksLikeIntrinsic(text: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text);
}

export function parseIntrinsic(text: string): IntrinsicCall {
  let pos = 0;
  const s = text;
  const ws = () => {
    while (pos < s.length && /\s/.test(s[pos])) pos++;
  };
  const fail = (msg: string): never => {
    throw new IntrinsicSyntaxError(`${msg} at position ${pos} in '${text}'`);
  };
  const parseCall = (): IntrinsicCall => {
    ws();
    const m = /^States\.[A-Za-z0-9]+/.exec(s.slice(pos));
    if (!m) fail('expected an intrinsic function name');
    const name = m![0];
    if (!(name in INTRINSICS)) fail(`unknown intrinsic function ${name}`);
    pos += name.length;
    ws();
    if (s[pos] !== '(') fail("expected '('");
    pos++;
    const args: Arg[] = [];
    ws();
    if (s[pos] === ')') {
      pos++;
      return { name, args };
    }
    for (;;) {
      args.push(parseArg());
      ws();
      if (s[pos] === ',') {
        pos++;
        continue;
      }
      if (s[pos] === ')') {
        pos++;
        return { name, args };
      }
      fail("expected ',' or ')'");
    }
  };
  const parseArg = (): Arg => {
    ws();
    const c = s[pos];
    if (c === "'") {
      pos++;
      let out = '';
      while (pos < s.length && s[pos] !== "'") {
        if (s[pos] === '\\' && pos + 1 < s.length) {
          // keep escapes of { and } so that States.Format can tell literal braces from placeholders
          const n = s[pos + 1];
          out += n === '{' || n === '}' ? '\\' + n : n;
          pos += 2;
        } else out += s[pos++];
      }
      if (s[pos] !== "'") fail('unterminated string');
      pos++;
      return { kind: 'literal', value: out };
    }
    if (c === '$') {
      const start = pos;
      let depth = 0;
      let quote = '';
      while (pos < s.length) {
        const ch = s[pos];
        if (quote) {
          if (ch === '\\') pos++;
          else if (ch === quote) quote = '';
        } else if (ch === "'" || ch === '"') quote = ch;
        else if (ch === '[' || ch === '(') depth++;
        else if (ch === ']' || ch === ')') {
          if (depth === 0) break;
          depth--;
        } else if (ch === ',' && depth === 0) break;
        pos++;
      }
      return { kind: 'path', path: compilePath(s.slice(start, pos).trim()) };
    }
    if (s.startsWith('States.', pos)) return { kind: 'call', call: parseCall() };
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(s.slice(pos));
    if (!m) fail('unexpected argument');
    pos += m![0].length;
    return { kind: 'literal', value: JSON.parse(m![0]) };
  };
  const call = parseCall();
  ws();
  if (pos !== s.length) fail('unexpected text after the call');
  return call;
}

export class PathNotFound extends Error {
  override readonly name = 'PathNotFound';
  constructor(readonly path: string) {
    super(path);
  }
}

export function evaluateIntrinsic(call: IntrinsicCall, roots: PathRoots): unknown {
  const args = call.args.map((a) => {
    if (a.kind === 'literal') return a.value;
    if (a.kind === 'call') return evaluateIntrinsic(a.call, roots);
    const r = a.path.read(roots);
    if (!r.found) throw new PathNotFound(a.path.text);
    return r.value;
  });
  return INTRINSICS[call.name](args, call.name);
}

// ---- helpers -------------------------------------------------------------------------------

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function expectArgs(name: string, args: unknown[], min: number, max = min) {
  if (args.length < min || args.length > max) {
    throw new IntrinsicFailure(`The ${name} function expects ${min === max ? min : `${min} to ${max}`} arguments, but got ${args.length}.`);
  }
}
function expectType(name: string, v: unknown, type: string, what = 'argument'): void {
  if (typeName(v) !== type) throw new IntrinsicFailure(`The ${name} function expects a ${type} ${what}, but got ${typeName(v)}.`);
}
function expectInteger(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new IntrinsicFailure(`The ${name} function expects an integer argument, but got ${JSON.stringify(v)}.`);
  return v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as any)[k], (b as any)[k]));
}

const HASH_ALGORITHMS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function formatValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${k}=${formatValue(x)}`).join(', ')}}`;
  return JSON.stringify(v);
}

/** One entry per intrinsic: (evaluated arguments) -> result. */
export const INTRINSICS: Record<string, (args: unknown[], name: string) => unknown> = {
  'States.Format': (args, name) => {
    if (args.length < 1) throw new IntrinsicFailure(`The ${name} function expects at least 1 argument.`);
    expectType(name, args[0], 'string');
    const template = args[0] as string;
    let out = '';
    let next = 1;
    for (let i = 0; i < template.length; i++) {
      const ch = template[i];
      if (ch === '\\' && (template[i + 1] === '{' || template[i + 1] === '}')) {
        out += template[++i];
      } else if (ch === '{' && template[i + 1] === '}') {
        if (next >= args.length) throw new IntrinsicFailure(`The ${name} function has more placeholders than arguments.`);
        const v = args[next++];
        out += formatValue(v);
        i++;
      } else out += ch;
    }
    if (next !== args.length) throw new IntrinsicFailure(`The ${name} function has more arguments than placeholders.`);
    return out;
  },
  'States.StringToJson': (args, name) => {
    expectArgs(name, args, 1);
    expectType(name, args[0], 'string');
    const s = (args[0] as string).trim();
    try {
      return s === '' ? null : JSON.parse(s);
    } catch {
      throw new IntrinsicFailure(`The ${name} function could not parse '${args[0]}' as JSON.`);
    }
  },
  'States.JsonToString': (args, name) => {
    expectArgs(name, args, 1);
    return JSON.stringify(args[0]);
  },
  'States.Array': (args) => args,
  'States.ArrayPartition': (args, name) => {
    expectArgs(name, args, 2);
    expectType(name, args[0], 'array');
    const size = expectInteger(name, args[1]);
    if (size <= 0) throw new IntrinsicFailure(`The ${name} function expects a positive chunk size, but got ${size}.`);
    const arr = args[0] as unknown[];
    const out: unknown[][] = [];
    for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));
    return out;
  },
  'States.ArrayContains': (args, name) => {
    expectArgs(name, args, 2);
    expectType(name, args[0], 'array');
    return (args[0] as unknown[]).some((x) => deepEqual(x, args[1]));
  },
  'States.ArrayRange': (args, name) => {
    expectArgs(name, args, 3);
    const [start, end, step] = args.map((a) => expectInteger(name, a));
    if (step === 0) throw new IntrinsicFailure(`The ${name} function expects a non-zero step.`);
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > 1000) throw new IntrinsicFailure(`The ${name} function cannot produce more than 1000 items.`);
    }
    return out;
  },
  'States.ArrayGetItem': (args, name) => {
    expectArgs(name, args, 2);
    expectType(name, args[0], 'array');
    const i = expectInteger(name, args[1]);
    const arr = args[0] as unknown[];
    if (i < 0 || i >= arr.length) throw new IntrinsicFailure(`The ${name} function index ${i} is out of bounds.`);
    return arr[i];
  },
  'States.ArrayLength': (args, name) => {
    expectArgs(name, args, 1);
    expectType(name, args[0], 'array');
    return (args[0] as unknown[]).length;
  },
  'States.ArrayUnique': (args, name) => {
    expectArgs(name, args, 1);
    expectType(name, args[0], 'array');
    const out: unknown[] = [];
    for (const x of args[0] as unknown[]) if (!out.some((y) => deepEqual(x, y))) out.push(x);
    return out;
  },
  'States.Base64Encode': (args, name) => {
    expectArgs(name, args, 1);
    expectType(name, args[0], 'string');
    return Buffer.from(args[0] as string, 'utf8').toString('base64');
  },
  'States.Base64Decode': (args, name) => {
    expectArgs(name, args, 1);
    expectType(name, args[0], 'string');
    return Buffer.from(args[0] as string, 'base64').toString('utf8');
  },
  'States.Hash': (args, name) => {
    expectArgs(name, args, 2);
    const alg = HASH_ALGORITHMS[String(args[1])];
    if (!alg) throw new IntrinsicFailure(`The ${name} function does not support the algorithm ${JSON.stringify(args[1])}.`);
    const data = typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
    return createHash(alg).update(data).digest('hex');
  },
  'States.JsonMerge': (args, name) => {
    expectArgs(name, args, 3);
    expectType(name, args[0], 'object');
    expectType(name, args[1], 'object');
    if (args[2] !== false) throw new IntrinsicFailure(`The ${name} function supports only shallow merges (false as third argument).`);
    return { ...(args[0] as object), ...(args[1] as object) };
  },
  'States.MathRandom': (args, name) => {
    expectArgs(name, args, 2, 3);
    const start = expectInteger(name, args[0]);
    const end = expectInteger(name, args[1]);
    return start + Math.floor(Math.random() * (end - start));
  },
  'States.MathAdd': (args, name) => {
    expectArgs(name, args, 2);
    if (typeof args[0] !== 'number' || typeof args[1] !== 'number') throw new IntrinsicFailure(`The ${name} function expects number arguments.`);
    // AWS works on integers: each argument is rounded (half up) first
    return Math.round(args[0]) + Math.round(args[1]);
  },
  'States.StringSplit': (args, name) => {
    expectArgs(name, args, 2);
    expectType(name, args[0], 'string');
    expectType(name, args[1], 'string');
    const delimiters = new Set(args[1] as string);
    const out: string[] = [];
    let cur = '';
    for (const ch of args[0] as string) {
      if (delimiters.has(ch)) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out.filter((s) => s !== '');
  },
  'States.UUID': (args, name) => {
    expectArgs(name, args, 0);
    return randomUUID();
  },
};
