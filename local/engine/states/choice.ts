import { checkFields, JSONATA_RULE_FIELDS } from '../definition-fields';
import { InvalidDefinitionError, StatesError, stateCause } from '../errors';
import { compileJsonata, evaluateTyped } from '../jsonata-eval';
import { compileJsonataIO, finishJsonata, site, statesBinding } from '../jsonata-io';
import { applyInputPath, applyOutputPath, compileJsonPathIO, evaluateAssign, type JsonPathIO } from '../jsonpath-io';
import { pathRoots, type StateRun, type StateRuntime, type StepResult } from '../runtime';
import type { CompileCtx } from '../state-common';
import { compileRule } from './choice-rules';

function noMatch(name: string, run: StateRun): StatesError {
  return new StatesError('States.NoChoiceMatched', stateCause(name, run.enteredEventId, 'No Matches!'));
}

/** Choice: picks the Next of the first rule that holds, else Default. */
export function compileChoice({ name, def, ql }: CompileCtx): StateRuntime {
  if (!Array.isArray(def.Choices) || def.Choices.length === 0) throw new InvalidDefinitionError(name, 'Choices', 'a Choice state needs a non-empty Choices array');
  if (def.Next !== undefined || def.End !== undefined) throw new InvalidDefinitionError(name, def.Next !== undefined ? 'Next' : 'End', 'a Choice state takes Choices and Default, not Next or End');
  const defaultNext: string | undefined = def.Default;
  const base = { name, type: 'Choice' as const, retriers: [], catchers: [] };
  def.Choices.forEach((c: any, i: number) => {
    if (typeof c?.Next !== 'string') throw new InvalidDefinitionError(name, `Choices[${i}]/Next`, 'each choice rule needs Next');
  });
  if (ql === 'JSONata') {
    const stateIO = compileJsonataIO(def, name);
    const rules = def.Choices.map((c: any, i: number) => {
      checkFields(c, JSONATA_RULE_FIELDS, name, `Choices[${i}]`, 'a JSONata choice rule');
      if (c.Condition === undefined) throw new InvalidDefinitionError(name, `Choices[${i}]/Condition`, 'a JSONata choice rule needs a Condition');
      return { next: c.Next as string, source: c.Condition, condition: compileJsonata(c.Condition, name, `Condition`), io: compileJsonataIO({ Output: c.Output, Assign: c.Assign }, name) };
    });
    return {
      ...base,
      execute: async (input, env, run): Promise<StepResult> => {
        const states = statesBinding(input, env, run, name);
        const s = site(name, run);
        for (const rule of rules) {
          if ((await evaluateTyped(rule.condition, rule.source, 'boolean', 'Condition', states, env.vars, s)) === true) {
            const io = rule.io.output || rule.io.assign ? rule.io : stateIO;
            const r = await finishJsonata(io, states, input, env, run, name);
            return { output: r.output, assigned: r.assigned, next: rule.next };
          }
        }
        if (defaultNext === undefined) throw noMatch(name, run);
        const r = await finishJsonata(stateIO, states, input, env, run, name);
        return { output: r.output, assigned: r.assigned, next: defaultNext };
      },
    };
  }
  const io = compileJsonPathIO(def, name);
  const rules = def.Choices.map((c: any, i: number) => ({
    next: c.Next as string,
    test: compileRule(c, name, `Choices[${i}]`),
    io: c.Assign !== undefined ? compileJsonPathIO({ Assign: c.Assign }, name) : undefined,
  }));
  const finish = (ruleIO: JsonPathIO | undefined, effective: unknown, env: any, run: StateRun, next: string): StepResult => {
    const roots = pathRoots(effective, env, run, name);
    const assigned = evaluateAssign(ruleIO ?? io, roots, name, run);
    return { output: applyOutputPath(io, roots, name, run), assigned, next };
  };
  return {
    ...base,
    execute: (input, env, run) => {
      const effective = applyInputPath(io, pathRoots(input, env, run, name), name, run);
      env.probe?.record('afterInputPath', effective);
      const roots = pathRoots(effective, env, run, name);
      for (const rule of rules) if (rule.test(roots, run)) return finish(rule.io, effective, env, run, rule.next);
      if (defaultNext === undefined) throw noMatch(name, run);
      return finish(undefined, effective, env, run, defaultNext);
    },
  };
}
