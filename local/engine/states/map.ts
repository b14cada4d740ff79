import { randomUUID } from 'node:crypto';
import { InvalidDefinitionError, StatesError, stateCause } from '../errors';
import { History } from '../history';
import { compilePath, type CompiledPath } from '../json-path';
import { compileJsonata, evaluateTyped, isExpression, queryError, type JsonataTemplate } from '../jsonata-eval';
import { compileJsonataIO, finishJsonata, site, statesBinding } from '../jsonata-io';
import { applyInputPath, applyOutputPath, applyResultPath, compileJsonPathIO, evaluateAssign, evaluateTemplate } from '../jsonpath-io';
import { compileTemplate } from '../payload-template';
import { contextObject, pathRoots, StopToken, type Env, type StateList, type StateRun, type StateRuntime, type StepResult } from '../runtime';
import { compileCatchers, compileRetriers, nextOf, type CompileCtx } from '../state-common';
import { runStates, toStatesError } from '../state-runner';

/**
 * Map: runs the item processor once per item (MaxConcurrency at a time). Inline iterations are
 * recorded in the parent's history; distributed ones run as child executions, so the parent only
 * shows MapRunStarted/MapRunSucceeded. Tolerated failures apply to distributed maps.
 */
interface Limits {
  maxConcurrency: number;
  toleratedCount?: number;
  toleratedPercentage?: number;
}

interface Compiled {
  name: string;
  processor: StateList;
  distributed: boolean;
  itemSelector?: (item: unknown, index: number, input: unknown, env: Env, run: StateRun) => unknown | Promise<unknown>;
}

async function runIterations(m: Compiled, items: unknown[], limits: Limits, input: unknown, env: Env, run: StateRun): Promise<unknown[]> {
  const { history, lane, exec } = env;
  const { name } = m;
  if (m.distributed) history.mapRunStarted(lane, `arn:aws:states:${exec.options.region ?? 'us-east-1'}:${exec.options.accountId ?? '123456789012'}:mapRun:${exec.options.stateMachineName ?? 'StateMachine'}/${name}:${randomUUID()}`);
  const stop = new StopToken(env.stop);
  const results = new Array<unknown>(items.length);
  let failures = 0;
  // The first failure that is not tolerated fails the Map at once (AWS does not wait for the
  // iterations still running); they run on, unobserved, and stop at their next state.
  let failMap!: (failure: StatesError) => void;
  const failed = new Promise<never>((_, reject) => (failMap = reject));
  const tolerated = (count: number) => {
    if (!m.distributed) return false;
    if (limits.toleratedCount !== undefined && count <= limits.toleratedCount) return true;
    if (limits.toleratedPercentage !== undefined && (count / Math.max(1, items.length)) * 100 <= limits.toleratedPercentage) return true;
    return false;
  };
  const iterate = async (index: number) => {
    const ilane = { last: lane.last, stop };
    // the Map's own events follow the latest event of its iterations, while the Map still runs
    const join = () => {
      if (!stop.isStopped) lane.last = Math.max(lane.last, ilane.last);
    };
    const ihistory = m.distributed ? new History(() => exec.clock.now(), undefined, true) : history;
    const ienv: Env = { ...env, history: ihistory, lane: ilane, vars: env.vars.child(), stop, mapItem: { Index: index, Value: items[index] }, probe: undefined };
    if (!m.distributed) history.mapIteration(ilane, 'MapIterationStarted', name, index);
    try {
      const itemInput = m.itemSelector ? await m.itemSelector(items[index], index, input, ienv, run) : items[index];
      const itemEnv: Env = { ...ienv, mapItem: undefined };
      results[index] = await runStates(m.processor, itemInput, itemEnv);
      if (!m.distributed) history.mapIteration(ilane, 'MapIterationSucceeded', name, index);
      join();
    } catch (e) {
      if (stop.isStopped) return;
      const err = toStatesError(e);
      failures++;
      if (!m.distributed) history.mapIteration(ilane, 'MapIterationFailed', name, index);
      join();
      if (tolerated(failures)) {
        results[index] = { Error: err.error, Cause: err.causeText };
        return;
      }
      stop.stopped = true;
      failMap(
        m.distributed && (limits.toleratedCount !== undefined || limits.toleratedPercentage !== undefined)
          ? new StatesError('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded')
          : err,
      );
    }
  };
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length && !stop.isStopped) await iterate(nextIndex++);
  };
  const width = limits.maxConcurrency > 0 ? Math.min(limits.maxConcurrency, items.length) : items.length;
  const workers = Promise.all(Array.from({ length: width }, worker));
  // after a failure nobody awaits the iterations left running
  workers.catch(() => undefined);
  try {
    await Promise.race([workers, failed]);
  } catch (e) {
    env.stop.check();
    const failure = toStatesError(e);
    if (m.distributed) history.mapRunFailed(lane, failure.error, failure.causeText);
    throw failure;
  }
  env.stop.check();
  if (m.distributed) history.progress(lane, 'MapRunSucceeded');
  history.progress(lane, 'MapStateSucceeded');
  return results;
}

/**
 * The Map's results, or what a probe (TestState's mock) gives in place of the iterations; the
 * probe also sees the limits as the Map resolved them.
 */
function mapResults(m: Compiled, items: unknown[], limits: Limits, input: unknown, env: Env, run: StateRun): Promise<unknown> {
  const probe = env.probe;
  if (probe) {
    probe.record('maxConcurrency', limits.maxConcurrency);
    if (limits.toleratedCount !== undefined) probe.record('toleratedFailureCount', limits.toleratedCount);
    if (limits.toleratedPercentage !== undefined) probe.record('toleratedFailurePercentage', limits.toleratedPercentage);
    if (probe.work) {
      const work = { type: 'Map' as const, items, maxConcurrency: limits.maxConcurrency, toleratedFailureCount: limits.toleratedCount, toleratedFailurePercentage: limits.toleratedPercentage };
      return Promise.resolve(probe.work(work));
    }
  }
  return runIterations(m, items, limits, input, env, run);
}

function runtime(name: string, run: StateRun, detail: string) {
  return new StatesError('States.Runtime', stateCause(name, run.enteredEventId, detail));
}

function unsupportedReader(name: string, run: StateRun, resource: string) {
  return runtime(name, run, `The ItemReader resource '${resource}' is not supported by the local engine.`);
}

/** The items of a Map with an ItemReader: only a probe can give them (TestState's mapItemReaderData). */
function readerItems(env: Env, name: string, run: StateRun, resource: string): unknown {
  const probe = env.probe;
  if (probe?.itemReaderData !== undefined) return probe.itemReaderData;
  if (probe?.work) return [];
  throw unsupportedReader(name, run, resource);
}

const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function readLimit(def: Record<string, any>, field: string, path: CompiledPath | undefined, roots: ReturnType<typeof pathRoots>, name: string, run: StateRun, kind: 'integer' | 'float'): number | undefined {
  if (path) {
    const r = path.read(roots);
    let v = r.value;
    // AWS accepts numbers written as strings here ("1")
    if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) v = Number(v);
    const ok = kind === 'integer' ? Number.isInteger(v) : typeof v === 'number';
    if (!r.found || !ok) throw runtime(name, run, `The ${field}Path field refers to value "${shown(v)}" which is not a valid ${kind}: ${path.text}`);
    return v as number;
  }
  return def[field];
}

function checkLimits(limits: Limits, name: string, run: StateRun) {
  if (limits.toleratedCount !== undefined && limits.toleratedCount < 0) throw runtime(name, run, 'ToleratedFailureCount cannot be negative.');
  if (limits.toleratedPercentage !== undefined && (limits.toleratedPercentage < 0 || limits.toleratedPercentage > 100)) throw runtime(name, run, 'ToleratedFailurePercentage must be between 0 and 100.');
}

export function compileMap({ name, def, ql, compileList }: CompileCtx): StateRuntime {
  const processorDef = def.ItemProcessor ?? def.Iterator;
  if (!processorDef) throw new InvalidDefinitionError(name, 'ItemProcessor', 'a Map state needs an ItemProcessor');
  const processor = compileList(processorDef, def.ItemProcessor ? 'ItemProcessor' : 'Iterator');
  const distributed = processorDef.ProcessorConfig?.Mode === 'DISTRIBUTED';
  const next = nextOf(def, name);
  const itemReader = def.ItemReader?.Resource as string | undefined;
  const base = {
    name,
    type: 'Map' as const,
    retriers: compileRetriers(def, name),
    catchers: compileCatchers(def, name, ql),
    // AWS ends a Map that failed with MapStateFailed, except on States.Runtime errors
    onFinalFailure: (env: Env, error: string) => void (error !== 'States.Runtime' && env.history.progress(env.lane, 'MapStateFailed')),
  };
  if (ql === 'JSONata') {
    const io = compileJsonataIO(def, name);
    const items = def.Items !== undefined ? compileJsonata(def.Items, name, 'Items') : undefined;
    const selector: JsonataTemplate | undefined = def.ItemSelector !== undefined ? compileJsonata(def.ItemSelector, name, 'ItemSelector') : undefined;
    const numeric = (f: string) => (def[f] !== undefined ? compileJsonata(def[f], name, f) : undefined);
    const maxConcurrency = numeric('MaxConcurrency');
    const toleratedCount = numeric('ToleratedFailureCount');
    const toleratedPercentage = numeric('ToleratedFailurePercentage');
    const m: Compiled = {
      name,
      processor,
      distributed,
      itemSelector: selector
        ? (_item, _index, input, ienv, run) =>
            selector.evaluate({ input, context: contextObject(ienv, run, name) }, ienv.vars, site(name, run))
        : undefined,
    };
    return {
      ...base,
      execute: async (input, env, run): Promise<StepResult> => {
        const read = itemReader ? readerItems(env, name, run, itemReader) : undefined;
        const states = statesBinding(input, env, run, name);
        const s = site(name, run);
        let list: unknown;
        let limits: Limits;
        try {
          list = read !== undefined ? read : items ? await evaluateTyped(items, def.Items, 'array', 'Items', states, env.vars, s) : input;
          if (!Array.isArray(list)) throw queryError(s, `Map state input must be an array but was: ${JSON.stringify(list)}`);
          const num = async (t: JsonataTemplate | undefined, f: string) => (t ? ((await evaluateTyped(t, def[f], f === 'ToleratedFailurePercentage' ? 'number' : 'integer', f, states, env.vars, s)) as number) : undefined);
          limits = { maxConcurrency: (await num(maxConcurrency, 'MaxConcurrency')) ?? 0, toleratedCount: await num(toleratedCount, 'ToleratedFailureCount'), toleratedPercentage: await num(toleratedPercentage, 'ToleratedFailurePercentage') };
        } catch (e) {
          // AWS reports a Map that cannot start with EvaluationFailed, then MapStateFailed
          const err = toStatesError(e);
          if (err.evaluation) env.history.evaluationFailed(env.lane, name, err.error, err.causeText);
          throw new StatesError(err.error, err.causeText, false);
        }
        env.history.mapStateStarted(env.lane, (list as unknown[]).length);
        checkLimits(limits, name, run);
        states.result = await mapResults(m, list as unknown[], limits, input, env, run);
        const r = await finishJsonata(io, states, states.result, env, run, name);
        return { output: r.output, assigned: r.assigned, next };
      },
    };
  }
  const io = compileJsonPathIO(def, name);
  const itemsPath = def.ItemsPath !== undefined ? compilePath(def.ItemsPath) : undefined;
  const selectorDef = def.ItemSelector ?? def.Parameters;
  const selector = selectorDef !== undefined ? compileTemplate(selectorDef, name, def.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters') : undefined;
  const paths: Record<string, CompiledPath | undefined> = {};
  for (const f of ['MaxConcurrency', 'ToleratedFailureCount', 'ToleratedFailurePercentage']) {
    if (def[`${f}Path`] !== undefined) paths[f] = compilePath(def[`${f}Path`]);
    if (def[f] !== undefined && isExpression(def[f])) throw new InvalidDefinitionError(name, f, 'JSONata expressions need QueryLanguage JSONata');
  }
  const m: Compiled = {
    name,
    processor,
    distributed,
    itemSelector: selector ? (_item, _index, effective, ienv, run) => evaluateTemplate(selector, pathRoots(effective, ienv, run, name), name, run) : undefined,
  };
  return {
    ...base,
    execute: async (input, env, run): Promise<StepResult> => {
      const read = itemReader ? readerItems(env, name, run, itemReader) : undefined;
      const effective = applyInputPath(io, pathRoots(input, env, run, name), name, run);
      env.probe?.record('afterInputPath', effective);
      const roots = pathRoots(effective, env, run, name);
      const list = read !== undefined ? { found: true, value: read } : itemsPath ? itemsPath.read(roots) : { found: true, value: effective };
      if (!list.found) throw runtime(name, run, `Invalid path '${itemsPath!.text}' : No results for path: ${itemsPath!.text}`);
      if (!Array.isArray(list.value)) throw runtime(name, run, `Map state input must be an array but was: ${JSON.stringify(list.value)}`);
      env.probe?.record('afterItemsPath', list.value);
      // MaxConcurrency is read before the Map starts, the failure tolerances after
      const maxConcurrency = readLimit(def, 'MaxConcurrency', paths.MaxConcurrency, roots, name, run, 'integer') ?? 0;
      env.history.mapStateStarted(env.lane, list.value.length);
      const limits: Limits = {
        maxConcurrency,
        toleratedCount: readLimit(def, 'ToleratedFailureCount', paths.ToleratedFailureCount, roots, name, run, 'integer'),
        toleratedPercentage: readLimit(def, 'ToleratedFailurePercentage', paths.ToleratedFailurePercentage, roots, name, run, 'float'),
      };
      checkLimits(limits, name, run);
      let result: unknown = await mapResults(m, list.value, limits, effective, env, run);
      if (io.resultSelector) result = evaluateTemplate(io.resultSelector, pathRoots(result, env, run, name), name, run);
      env.probe?.record('afterResultSelector', result);
      const assigned = evaluateAssign(io, pathRoots(result, env, run, name), name, run);
      const combined = applyResultPath(io, input, result, name, run);
      env.probe?.record('afterResultPath', combined);
      const output = io.outputPath === undefined ? combined : applyOutputPath(io, pathRoots(combined, env, run, name), name, run);
      return { output, assigned, next };
    },
  };
}
