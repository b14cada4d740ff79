import { StatesError, stateCause } from '../errors';
import { compileJsonata, evaluateTyped } from '../jsonata-eval';
import { site, statesBinding } from '../jsonata-io';
import { evaluateTemplate } from '../jsonpath-io';
import { compileTemplate } from '../payload-template';
import { pathRoots, type StateRuntime } from '../runtime';
import type { CompileCtx } from '../state-common';

/** Fail: ends the execution with an Error and a Cause (fixed, from a path, or from JSONata). */
export function compileFail({ name, def, ql }: CompileCtx): StateRuntime {
  const base = { name, type: 'Fail' as const, retriers: [], catchers: [] };
  if (ql === 'JSONata') {
    const error = def.Error !== undefined ? compileJsonata(def.Error, name, 'Error') : undefined;
    const cause = def.Cause !== undefined ? compileJsonata(def.Cause, name, 'Cause') : undefined;
    return {
      ...base,
      execute: async (input, env, run) => {
        const states = statesBinding(input, env, run, name);
        const s = site(name, run);
        const e = error ? ((await evaluateTyped(error, def.Error, 'string', 'Error', states, env.vars, s)) as string) : undefined;
        const c = cause ? ((await evaluateTyped(cause, def.Cause, 'string', 'Cause', states, env.vars, s)) as string) : undefined;
        throw new StatesError(e as string, c);
      },
    };
  }
  // ErrorPath/CausePath take a path or an intrinsic function, like a `.$` field
  const dynamic = (field: 'ErrorPath' | 'CausePath') => {
    const v = def[field];
    if (v === undefined) return undefined;
    const t = compileTemplate({ [`${field}.$`]: v }, name, field);
    return t;
  };
  const errorPath = dynamic('ErrorPath');
  const causePath = dynamic('CausePath');
  return {
    ...base,
    execute: (input, env, run) => {
      // a Fail state has no InputPath; TestState still shows its input as afterInputPath
      env.probe?.record('afterInputPath', input);
      const roots = pathRoots(input, env, run, name);
      const read = (t: ReturnType<typeof dynamic>, field: string, text: string) => {
        let v: unknown;
        try {
          v = (evaluateTemplate(t!, roots, name, run) as Record<string, unknown>)[field];
        } catch (e) {
          // AWS names the field itself here, not a `.$` key
          if (e instanceof StatesError && e.causeText) throw new StatesError(e.error, e.causeText.replace(`'${field}.$'`, `'${field}'`));
          throw e;
        }
        if (typeof v !== 'string') {
          throw new StatesError('States.Runtime', stateCause(name, run.enteredEventId, `The ${field} parameter '${text}' does not reference a string value but ${JSON.stringify(v)}`));
        }
        return v;
      };
      const error = errorPath ? read(errorPath, 'ErrorPath', def.ErrorPath) : def.Error;
      const cause = causePath ? read(causePath, 'CausePath', def.CausePath) : def.Cause;
      throw new StatesError(error, cause);
    },
  };
}
