import { InvalidDefinitionError, StatesError, stateCause } from '../errors';
import { compilePath } from '../json-path';
import { compileJsonata, evaluateTyped, isExpression } from '../jsonata-eval';
import { compileJsonataIO, finishJsonata, site, statesBinding } from '../jsonata-io';
import { applyInputPath, applyOutputPath, applyResultPath, compileJsonPathIO, evaluateAssign, evaluateTemplate } from '../jsonpath-io';
import { describeResource, resolveResource, type Resource } from '../integrations/resources';
import { answer, mockedResponse } from '../mocks';
import { pathRoots, type Env, type StateRun, type StateRuntime, type StepResult } from '../runtime';
import { compileCatchers, compileRetriers, nextOf, type CompileCtx } from '../state-common';
import { toStatesError } from '../state-runner';

/**
 * Task: calls a resource (Lambda, EventBridge, DynamoDB) with its parameters, under
 * TimeoutSeconds, and records the integration's Scheduled/Started/Succeeded|Failed|TimedOut events.
 */
/** Step Functions' limit on a task result: 256 KiB. */
const LIMIT_BYTES = 256 * 1024;

async function callResource(resource: Resource, parameters: unknown, timeout: number | undefined, env: Env, stateName: string, run: StateRun, heartbeat?: number): Promise<unknown> {
  const { history, lane, exec } = env;
  const isLambda = resource.kind === 'lambda';
  const region = exec.options.region ?? 'us-east-1';
  if (isLambda) history.lambdaScheduled(lane, resource.resource, parameters, timeout);
  else history.taskScheduled(lane, resource.resourceType, resource.resource, region, parameters, timeout, heartbeat);
  if (isLambda) history.lambdaStarted(lane);
  else history.taskStarted(lane, resource.resourceType, resource.resource);
  let result: unknown;
  try {
    // Stopping to wait (a timeout, a failed sibling branch, the execution's end) never cancels the
    // call: like a Lambda invocation on AWS it runs to its end, and nobody sees what it returns.
    const call = exec.clock.during(() => resource.call(parameters, exec.options), env.stop);
    call.promise.catch(() => undefined);
    if (timeout === undefined) result = await call.promise;
    else {
      const timer = exec.clock.timer(timeout);
      try {
        result = await Promise.race([call.promise, timer.promise.then(() => Promise.reject(new StatesError('States.Timeout', undefined)))]);
      } catch (e) {
        call.abandon();
        throw e;
      } finally {
        timer.cancel();
      }
    }
  } catch (e) {
    env.stop.check();
    const err = toStatesError(e);
    if (err.error === 'States.Timeout') {
      if (isLambda) history.lambdaTimedOut(lane, err.error, err.causeText);
      else history.taskTimedOut(lane, resource.resourceType, resource.resource, err.error, err.causeText);
    } else if (isLambda) history.lambdaFailed(lane, err.error, err.causeText);
    else history.taskFailed(lane, resource.resourceType, resource.resource, err.error, err.causeText);
    throw err;
  }
  env.stop.check();
  // one serialisation serves the size limit and the history
  const text = result === undefined ? 'null' : JSON.stringify(result);
  if (text.length > LIMIT_BYTES / 4 && Buffer.byteLength(text) > LIMIT_BYTES) {
    const cause = `The state/task '${resource.kind === 'lambda' ? resource.resource : stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    if (isLambda) history.lambdaFailed(lane, 'States.DataLimitExceeded', cause);
    else history.taskFailed(lane, resource.resourceType, resource.resource, 'States.DataLimitExceeded', cause);
    throw new StatesError('States.DataLimitExceeded', cause);
  }
  if (isLambda) history.lambdaSucceeded(lane, result, text);
  else history.taskSucceeded(lane, resource.resourceType, resource.resource, result, text);
  void run;
  return result;
}

export function compileTask({ name, def, ql }: CompileCtx): StateRuntime {
  if (typeof def.Resource !== 'string') throw new InvalidDefinitionError(name, 'Resource', 'a Task state needs a Resource ARN');
  const next = nextOf(def, name);
  const resolved = isExpression(def.Resource) ? { unsupported: 'a JSONata expression as Resource is not supported by the local engine' } : resolveResource(def.Resource);
  const base = { name, type: 'Task' as const, retriers: compileRetriers(def, name), catchers: compileCatchers(def, name, ql) };
  const unsupported = (run: StateRun) =>
    new StatesError('States.Runtime', stateCause(name, run.enteredEventId, `${(resolved as { unsupported: string }).unsupported}.`));
  // With EngineOptions.mockTask a mocked answer may stand in for the call, even to a resource the
  // engine cannot call itself; the invocation is counted when the call is made.
  const resourceFor = (env: Env, run: StateRun): Resource => {
    if (!env.exec.options.mockTask) {
      if ('unsupported' in resolved) throw unsupported(run);
      return resolved;
    }
    const described = 'unsupported' in resolved ? describeResource(def.Resource) : resolved;
    return {
      ...described,
      call: (parameters, options) => {
        const mocked = mockedResponse(env, name);
        if (mocked) return answer(mocked);
        if ('unsupported' in resolved) throw unsupported(run);
        return resolved.call(parameters, options);
      },
    };
  };
  for (const f of ['TimeoutSeconds', 'HeartbeatSeconds']) {
    const v = def[f];
    if (v !== undefined && !isExpression(v) && (!Number.isInteger(v) || v <= 0)) throw new InvalidDefinitionError(name, f, 'must be a positive integer');
  }
  // "If provided, the HeartbeatSeconds interval MUST be smaller than the TimeoutSeconds value"
  if (typeof def.HeartbeatSeconds === 'number' && typeof def.TimeoutSeconds === 'number' && def.HeartbeatSeconds >= def.TimeoutSeconds) {
    throw new InvalidDefinitionError(name, 'HeartbeatSeconds', `must be smaller than TimeoutSeconds (${def.TimeoutSeconds})`);
  }
  if (ql === 'JSONata') {
    const io = compileJsonataIO(def, name);
    const timeout = def.TimeoutSeconds !== undefined ? compileJsonata(def.TimeoutSeconds, name, 'TimeoutSeconds') : undefined;
    return {
      ...base,
      execute: async (input, env, run): Promise<StepResult> => {
        const resource = resourceFor(env, run);
        const states = statesBinding(input, env, run, name);
        const s = site(name, run);
        const parameters = io.arguments ? await io.arguments.evaluate(states, env.vars, s) : resource.kind === 'lambda' ? input : {};
        env.probe?.record('afterArguments', parameters);
        const seconds = timeout ? ((await evaluateTyped(timeout, def.TimeoutSeconds, 'integer', 'TimeoutSeconds', states, env.vars, s)) as number) : undefined;
        const result = await callResource(resource, parameters, seconds, env, name, run, def.HeartbeatSeconds);
        env.probe?.record('result', result);
        states.result = result;
        const r = await finishJsonata(io, states, result, env, run, name);
        return { output: r.output, assigned: r.assigned, next };
      },
    };
  }
  const io = compileJsonPathIO(def, name);
  const timeoutPath = def.TimeoutSecondsPath !== undefined ? compilePath(def.TimeoutSecondsPath) : undefined;
  return {
    ...base,
    execute: async (input, env, run): Promise<StepResult> => {
      const resource = resourceFor(env, run);
      const effective = applyInputPath(io, pathRoots(input, env, run, name), name, run);
      env.probe?.record('afterInputPath', effective);
      const parameters = io.parameters ? evaluateTemplate(io.parameters, pathRoots(effective, env, run, name), name, run) : effective;
      env.probe?.record('afterParameters', parameters);
      let timeout: number | undefined = def.TimeoutSeconds;
      if (timeoutPath) {
        const r = timeoutPath.read(pathRoots(effective, env, run, name));
        if (!r.found || !Number.isInteger(r.value) || (r.value as number) <= 0) {
          throw new StatesError('States.Runtime', stateCause(name, run.enteredEventId, `The TimeoutSecondsPath parameter does not reference a positive integer: ${timeoutPath.text}`));
        }
        timeout = r.value as number;
      }
      let result = await callResource(resource, parameters, timeout, env, name, run, def.HeartbeatSeconds);
      env.probe?.record('result', result);
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
