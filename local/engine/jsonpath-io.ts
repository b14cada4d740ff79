import { InvalidDefinitionError, StatesError, stateCause } from './errors';
import { compilePath, writePath, type CompiledPath, type PathRoots } from './json-path';
import { compileTemplate, TemplateFieldError, type Template } from './payload-template';
import type { StateRun } from './runtime';

/**
 * JSONPath input and output processing, the five steps of the ASL specification:
 * InputPath -> Parameters (or ItemSelector) -> [the state's work] -> ResultSelector ->
 * ResultPath -> OutputPath. Each step is compiled once; a null path means "{}" (Input/OutputPath)
 * or "discard the result" (ResultPath).
 */
export interface JsonPathIO {
  inputPath?: CompiledPath | null;
  parameters?: Template;
  resultSelector?: Template;
  resultPath?: CompiledPath | null;
  outputPath?: CompiledPath | null;
  assign?: Template;
}

function compileOptionalPath(def: Record<string, unknown>, field: string, state: string): CompiledPath | null | undefined {
  const v = def[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string' || !v.startsWith('$')) throw new InvalidDefinitionError(state, field, `must be a JSONPath starting with '$', got ${JSON.stringify(v)}`);
  return compilePath(v);
}

export function compileJsonPathIO(def: Record<string, unknown>, state: string, parametersField = 'Parameters'): JsonPathIO {
  const io: JsonPathIO = {
    inputPath: compileOptionalPath(def, 'InputPath', state),
    resultPath: compileOptionalPath(def, 'ResultPath', state),
    outputPath: compileOptionalPath(def, 'OutputPath', state),
  };
  if (io.resultPath && !io.resultPath.keys) throw new InvalidDefinitionError(state, 'ResultPath', `'${io.resultPath.text}' must be a reference path (no wildcards or filters)`);
  if (io.resultPath && io.resultPath.root !== 'input') throw new InvalidDefinitionError(state, 'ResultPath', `'${io.resultPath.text}' must start with '$.'`);
  if (def[parametersField] !== undefined) io.parameters = compileTemplate(def[parametersField], state, parametersField);
  if (def.ResultSelector !== undefined) io.resultSelector = compileTemplate(def.ResultSelector, state, 'ResultSelector');
  if (def.Assign !== undefined) io.assign = compileTemplate(def.Assign, state, 'Assign');
  return io;
}

function runtimeError(stateName: string, run: StateRun, detail: string): StatesError {
  return new StatesError('States.Runtime', stateCause(stateName, run.enteredEventId, detail));
}

function bracketPath(text: string): string {
  // AWS echoes a missing path in bracket notation: $.a.b -> $['a']['b']
  return text.replace(/\.([A-Za-z_$][\w$-]*)/g, "['$1']");
}

export function readPath(path: CompiledPath, roots: PathRoots, stateName: string, run: StateRun): unknown {
  const r = path.read(roots);
  if (!r.found) throw runtimeError(stateName, run, `Invalid path '${path.text}' : No results for path: ${bracketPath(path.text)}`);
  return r.value;
}

export function evaluateTemplate(template: Template, roots: PathRoots, stateName: string, run: StateRun): unknown {
  try {
    return template(roots);
  } catch (e) {
    if (e instanceof TemplateFieldError) {
      if (e.kind === 'notFound') {
        throw runtimeError(stateName, run, `The JSONPath '${e.path}' specified for the field '${e.field}' could not be found in the input '${JSON.stringify(roots.input)}'`);
      }
      throw new StatesError('States.IntrinsicFailure', stateCause(stateName, run.enteredEventId, e.message));
    }
    throw e;
  }
}

export function applyInputPath(io: JsonPathIO, roots: PathRoots, stateName: string, run: StateRun): unknown {
  if (io.inputPath === undefined) return roots.input;
  if (io.inputPath === null) return {};
  return readPath(io.inputPath, roots, stateName, run);
}

export function applyResultPath(io: JsonPathIO, rawInput: unknown, result: unknown, stateName: string, run: StateRun): unknown {
  if (io.resultPath === undefined) return result;
  if (io.resultPath === null) return rawInput;
  const keys = io.resultPath.keys!;
  if (keys.length > 0 && (rawInput === null || typeof rawInput !== 'object' || Array.isArray(rawInput))) {
    throw new StatesError('States.ResultPathMatchFailure', stateCause(stateName, run.enteredEventId, `Unable to apply ResultPath '${io.resultPath.text}' to input '${JSON.stringify(rawInput)}'`));
  }
  return writePath(rawInput, keys, result);
}

export function applyOutputPath(io: JsonPathIO, roots: PathRoots, stateName: string, run: StateRun): unknown {
  if (io.outputPath === undefined) return roots.input;
  if (io.outputPath === null) return {};
  return readPath(io.outputPath, roots, stateName, run);
}

/** Variables to assign, evaluated against `roots` (the state's result, or the error output). */
export function evaluateAssign(io: JsonPathIO, roots: PathRoots, stateName: string, run: StateRun): Record<string, unknown> | undefined {
  if (!io.assign) return undefined;
  return evaluateTemplate(io.assign, roots, stateName, run) as Record<string, unknown>;
}
