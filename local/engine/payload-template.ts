import { InvalidDefinitionError } from './errors';
import { evaluateIntrinsic, IntrinsicFailure, IntrinsicSyntaxError, looksLikeIntrinsic, parseIntrinsic, PathNotFound } from './states-intrinsics';
import { compilePath, type PathRoots } from './json-path';

/**
 * JSONPath payload templates (Parameters, ResultSelector, ItemSelector, Assign): keys ending in
 * `.$` take their value from a path or an intrinsic function call; everything else is literal.
 * Compiled once into a function of the path roots.
 */
export type Template = (roots: PathRoots) => unknown;

/** Raised when a `.$` field cannot be evaluated; the caller turns it into States.Runtime. */
export class TemplateFieldError extends Error {
  override readonly name = 'TemplateFieldError';
  constructor(
    readonly field: string,
    readonly path: string,
    readonly kind: 'notFound' | 'intrinsic',
    message: string,
  ) {
    super(message);
  }
}

function compileDynamic(key: string, text: unknown, state: string, field: string): Template {
  if (typeof text !== 'string') throw new InvalidDefinitionError(state, `${field}/${key}`, 'a field ending in .$ must hold a path or an intrinsic function');
  if (looksLikeIntrinsic(text)) {
    let call;
    try {
      call = parseIntrinsic(text.trim());
    } catch (e) {
      if (e instanceof IntrinsicSyntaxError) throw new InvalidDefinitionError(state, `${field}/${key}`, e.message);
      throw e;
    }
    return (roots) => {
      try {
        return evaluateIntrinsic(call, roots);
      } catch (e) {
        if (e instanceof PathNotFound) throw new TemplateFieldError(key, e.path, 'notFound', e.message);
        if (e instanceof IntrinsicFailure) throw new TemplateFieldError(key, text, 'intrinsic', e.message);
        throw e;
      }
    };
  }
  if (!text.startsWith('$')) throw new InvalidDefinitionError(state, `${field}/${key}`, `'${text}' is neither a JSONPath nor an intrinsic function`);
  const path = compilePath(text);
  return (roots) => {
    const r = path.read(roots);
    if (!r.found) throw new TemplateFieldError(key, text, 'notFound', `path ${text} not found`);
    return r.value;
  };
}

export function compileTemplate(value: unknown, state: string, field: string): Template {
  if (Array.isArray(value)) {
    const items = value.map((v, i) => compileTemplate(v, state, `${field}[${i}]`));
    return (roots) => items.map((f) => f(roots));
  }
  if (value !== null && typeof value === 'object') {
    const entries: [string, Template][] = [];
    for (const [k, v] of Object.entries(value)) {
      if (k.endsWith('.$')) entries.push([k.slice(0, -2), compileDynamic(k, v, state, field)]);
      else entries.push([k, compileTemplate(v, state, `${field}/${k}`)]);
    }
    return (roots) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < entries.length; i++) out[entries[i][0]] = entries[i][1](roots);
      return out;
    };
  }
  return () => value;
}
