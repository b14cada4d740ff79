import { readFileSync } from 'node:fs';
import type { EngineOptions, MockedTaskResponse } from '../../engine';
import { validationException } from '../validation/service-error';
import { checkMockConfig, INVOCATION_KEY, MockConfigError, type MockConfig } from './mock-config-file';

/**
 * Mocked service integrations in Step Functions Local's MockConfigFile format (see
 * mock-config-file.ts). An execution started with `stateMachineArn#TestCase` runs with the engine
 * options `mockedEngineOptions` gives: the test case's Task states answer from their mocked
 * responses, by invocation (the first call of a state is "0"; retries, revisits and Map
 * iterations count on), JSONPath and JSONata machines alike; the other states make their real
 * calls. An invocation the response does not cover fails the execution, as the guide says,
 * with States.Runtime naming the response and the invocation.
 */
export { MockConfigError } from './mock-config-file';
export type { MockConfig, MockedInvocation } from './mock-config-file';

export function loadMockConfig(path: string): MockConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new MockConfigError(path, `cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseMockConfig(text, path);
}

export function parseMockConfig(text: string, source = 'text'): MockConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new MockConfigError(source, `not JSON: ${(e as Error).message}`);
  }
  return checkMockConfig(value, source);
}

export function mockedEngineOptions(config: MockConfig, stateMachineName: string, testCase: string, base: EngineOptions): EngineOptions {
  const machine = config.StateMachines[stateMachineName];
  if (!machine) throw validationException(`The mock config has no state machine '${stateMachineName}'`);
  const mocked = machine.TestCases[testCase];
  if (!mocked) throw validationException(`The mock config has no test case '${testCase}' for state machine '${stateMachineName}'`);
  return {
    ...base,
    mockTask: (stateName, invocation) => {
      const responseName = Object.prototype.hasOwnProperty.call(mocked, stateName) ? mocked[stateName] : undefined;
      if (responseName === undefined) return base.mockTask?.(stateName, invocation);
      return responseFor(config, responseName, invocation);
    },
  };
}

/** The response for one invocation; each Return is a fresh copy the execution may change. */
function responseFor(config: MockConfig, responseName: string, invocation: number): MockedTaskResponse {
  for (const [key, step] of Object.entries(config.MockedResponses[responseName])) {
    const m = INVOCATION_KEY.exec(key)!;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (invocation < from || invocation > to) continue;
    if (step.Throw) return step.Throw.Cause === undefined ? { error: step.Throw.Error } : { error: step.Throw.Error, cause: step.Throw.Cause };
    return { result: step.Return === undefined ? null : structuredClone(step.Return) };
  }
  return { error: 'States.Runtime', cause: `The mocked response '${responseName}' has no answer for invocation ${invocation} of the state.` };
}
