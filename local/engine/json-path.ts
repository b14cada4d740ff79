import { JSONPath } from 'jsonpath-plus';

/**
 * JSONPath as ASL uses it: `$` is the state's input, `$$` the context object and `$name` a
 * variable. Simple paths (`$.a.b[0]['c']`) are compiled to a list of keys read by a small loop;
 * anything else (wildcards, filters, slices, `..`) goes to jsonpath-plus.
 */
export interface PathRoots {
  input: unknown;
  context: unknown;
  variable(name: string): { found: boolean; value?: unknown };
}

export interface CompiledPath {
  readonly text: string;
  /** Reads the path; `found` is false when a key along the way is missing. */
  read(roots: PathRoots): { found: boolean; value?: unknown };
  /** Keys of a simple path on `$` (for ResultPath), or undefined for complex paths. */
  readonly keys?: (string | number)[];
  readonly root: 'input' | 'context' | 'variable';
}

const NOT_FOUND = { found: false } as const;
const SIMPLE_SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;

function parseSimple(rest: string): (string | number)[] | undefined {
  const keys: (string | number)[] = [];
  while (rest.length > 0) {
    const m = SIMPLE_SEGMENT.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) keys.push(m[1]);
    else if (m[2] !== undefined) keys.push(Number(m[2]));
    // AWS unescapes only the quote that delimits the key; other backslashes are part of the key
    else if (m[3] !== undefined) keys.push(m[3].replace(/\\'/g, "'"));
    else keys.push(m[4].replace(/\\"/g, '"'));
    rest = rest.slice(m[0].length);
  }
  return keys;
}

function readKeys(value: unknown, keys: (string | number)[]): { found: boolean; value?: unknown } {
  let v = value;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (v === null || typeof v !== 'object') return NOT_FOUND;
    if (typeof k === 'number') {
      if (!Array.isArray(v) || k >= v.length) return NOT_FOUND;
      v = v[k];
    } else {
      if (Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, k)) return NOT_FOUND;
      v = (v as Record<string, unknown>)[k];
    }
  }
  return { found: true, value: v };
}

/** Whether a path selects at most one node (AWS returns a single value then, not a list). */
function isDefinite(path: string): boolean {
  return !/\*|\.\.|\?\(|\[[^\]]*[:,][^\]]*\]|\(/.test(path);
}

export function isValidPath(text: string): boolean {
  return typeof text === 'string' && /^\$/.test(text);
}

export function compilePath(text: string): CompiledPath {
  let root: CompiledPath['root'];
  let rest: string;
  let varName = '';
  if (text.startsWith('$$')) {
    root = 'context';
    rest = text.slice(2);
  } else if (/^\$[A-Za-z_]/.test(text)) {
    root = 'variable';
    const m = /^\$([A-Za-z_][\w]*)/.exec(text)!;
    varName = m[1];
    rest = text.slice(m[0].length);
  } else {
    root = 'input';
    rest = text.slice(1);
  }
  const keys = parseSimple(rest);
  const base = (roots: PathRoots): { found: boolean; value?: unknown } =>
    root === 'input' ? { found: true, value: roots.input } : root === 'context' ? { found: true, value: roots.context } : roots.variable(varName);
  if (keys) {
    if (root === 'input') {
      return { text, root, keys, read: (roots) => (keys.length === 0 ? { found: true, value: roots.input } : readKeys(roots.input, keys)) };
    }
    return {
      text,
      root,
      read: (roots) => {
        const b = base(roots);
        return b.found ? readKeys(b.value, keys) : NOT_FOUND;
      },
    };
  }
  const definite = isDefinite(text);
  const libPath = '$' + rest;
  return {
    text,
    root,
    read: (roots) => {
      const b = base(roots);
      if (!b.found) return NOT_FOUND;
      const json = b.value;
      if (json === null || typeof json !== 'object') return NOT_FOUND;
      const found = JSONPath({ path: libPath, json: json as object, wrap: true, eval: 'safe' }) as unknown[];
      if (definite) return found.length === 0 ? NOT_FOUND : { found: true, value: found[0] };
      return { found: true, value: found };
    },
  };
}

/** Writes `value` at a ResultPath into a copy of `input` (ASL's ResultPath semantics). */
export function writePath(input: unknown, keys: (string | number)[], value: unknown): unknown {
  if (keys.length === 0) return value;
  const rootCopy: Record<string, unknown> =
    input !== null && typeof input === 'object' && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : {};
  let target = rootCopy;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = String(keys[i]);
    const existing = target[k];
    const next = existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? { ...(existing as Record<string, unknown>) } : {};
    target[k] = next;
    target = next;
  }
  target[String(keys[keys.length - 1])] = value;
  return rootCopy;
}
