import type { MockInput, TestStateConfiguration } from '@aws-sdk/client-sfn';
import { StatesError, type MockedTaskResponse, type SingleState, type StateWork } from '../../engine';
import { validationException } from '../validation/service-error';
import { checkMockedResult, type FieldValidationMode } from './mock-result-validation';
import type { ServiceModels } from './service-models';

/**
 * TestState's `mock`: a `result` (JSON text) or an `errorOutput` that stands in for the state's
 * work. Checks in AWS's order and words (recorded): Pass, Fail and Succeed refuse a mock
 * ("State type 'Pass' is not supported when a mock is specified"; the API reference says the same
 * of every type but Task, Map and Parallel), then revealSecrets, then both result and errorOutput;
 * a result that is not JSON; a Map's result must be an array (an object with a ResultWriter), a
 * Parallel's an array of one item per branch; a Task's is checked against the API's output shape.
 */
export type Mock = MockedTaskResponse;

const MOCKABLE = new Set(['Task', 'Map', 'Parallel']);

export function parseMock(mock: MockInput, state: SingleState, revealSecrets: boolean | undefined, models: ServiceModels): Mock {
  if (!MOCKABLE.has(state.type)) throw validationException(`State type '${state.type}' is not supported when a mock is specified`);
  if (revealSecrets) throw validationException('TestState does not support RevealSecrets when a mock is specified.');
  const hasResult = mock.result !== undefined;
  const hasError = mock.errorOutput !== undefined;
  if (hasResult === hasError) throw validationException('A test mock should have only one of the following fields: [result, errorOutput].');
  if (hasError) {
    const error = mock.errorOutput!.error;
    if (typeof error !== 'string') throw validationException("1 validation error detected: Value null at 'mock.errorOutput.error' failed to satisfy constraint: Member must not be null");
    return mock.errorOutput!.cause === undefined ? { error } : { error, cause: mock.errorOutput!.cause };
  }
  let result: unknown;
  try {
    result = JSON.parse(mock.result!);
  } catch {
    throw validationException('Mocked result must be valid JSON');
  }
  const def = state.definition;
  if (state.type === 'Map') {
    if (def.ResultWriter !== undefined && (result === null || typeof result !== 'object' || Array.isArray(result))) throw validationException('Mocked result must be a JSON object.');
    if (def.ResultWriter === undefined && !Array.isArray(result)) throw validationException('Mocked result must be an array.');
  }
  if (state.type === 'Parallel') {
    if (!Array.isArray(result)) throw validationException('Mocked result must be an array.');
    if (result.length !== def.Branches.length) throw validationException('Mocked result must contain the same number of items as number of Parallel branches.');
  }
  if (state.type === 'Task' && typeof def.Resource === 'string') {
    checkMockedResult(result, def.Resource, (mock.fieldValidationMode ?? 'STRICT') as FieldValidationMode, models);
  }
  return { result };
}

/**
 * What stands in for a mocked Map's iterations or Parallel's branches: the mocked error, or the
 * mocked result, unless `mapIterationFailureCount` failed iterations exceed the Map's tolerated
 * failures (recorded: States.ExceedToleratedFailureThreshold only where a tolerance is set).
 */
export function mockedWork(mock: Mock, configuration: TestStateConfiguration | undefined): (work: StateWork) => unknown {
  return (work) => {
    if ('error' in mock) throw new StatesError(mock.error, mock.cause);
    const failures = configuration?.mapIterationFailureCount;
    if (work.type === 'Map' && failures !== undefined && exceedsTolerance(failures, work)) {
      throw new StatesError('States.ExceedToleratedFailureThreshold', 'The specified tolerated failure threshold was exceeded');
    }
    return mock.result;
  };
}

function exceedsTolerance(failures: number, work: Extract<StateWork, { type: 'Map' }>): boolean {
  if (work.toleratedFailureCount !== undefined && failures > work.toleratedFailureCount) return true;
  if (work.toleratedFailurePercentage !== undefined && work.items.length > 0 && (failures / work.items.length) * 100 > work.toleratedFailurePercentage) return true;
  return false;
}
