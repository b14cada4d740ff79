import { StatesError } from './errors';
import type { Env } from './runtime';
import type { MockedTaskResponse } from './types';

/**
 * Mocked Task calls (EngineOptions.mockTask): the response for this invocation of the state,
 * if the options mock it. Each call counts one invocation of the state in the execution.
 */
export function mockedResponse(env: Env, stateName: string): MockedTaskResponse | undefined {
  const mockTask = env.exec.options.mockTask;
  return mockTask ? mockTask(stateName, env.exec.invocation(stateName)) : undefined;
}

/** The mocked call itself: resolves with the result, or fails with the mocked error. */
export async function answer(response: MockedTaskResponse): Promise<unknown> {
  if ('error' in response) throw new StatesError(response.error, response.cause);
  return response.result;
}
