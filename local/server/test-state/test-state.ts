import type { TestStateInput, TestStateOutput } from '@aws-sdk/client-sfn';
import type { EngineOptions } from '../../engine';
import { findJsonProblem } from '../validation/json-text';
import { ServiceError, validationException } from '../validation/service-error';
import { defaultContext, mockedContext } from './context-object';
import { Inspection } from './inspection';
import { mockedWork, parseMock } from './mock';
import { defaultServiceModels, type ServiceModels } from './service-models';
import { testedState } from './tested-state';

/**
 * TestState in its November 2025 form: one state (alone, or picked from a full machine with
 * `stateName`) run once on the engine, with `input`, `variables`, a `context` and a `mock` for its
 * work, and the answer AWS gives: SUCCEEDED, FAILED, RETRIABLE (a retrier would retry; with
 * `stateConfiguration.retrierRetryCount` retries already made) or CAUGHT_ERROR (with `nextState`),
 * and `inspectionData` at DEBUG and TRACE. Without a mock a Task really calls its resource through
 * the emulator's engine options, which needs a roleArn as on AWS. Map and Parallel states run only
 * with a mock, as on AWS.
 */
export interface TestStateContext {
  /** How the engine reaches the local stack (the emulator's engineOptions). */
  engineOptions: EngineOptions;
  region?: string;
  accountId?: string;
  /** The service models mocked results are checked against (default: botocore's on this machine). */
  serviceModels?: ServiceModels;
}

const CALLBACK = /\.(sync(:\d+)?|waitForTaskToken)$/;

export async function testState(input: TestStateInput, ctx: TestStateContext): Promise<TestStateOutput> {
  if (typeof input?.definition !== 'string') throw validationException("1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null");
  const level = input.inspectionLevel ?? 'INFO';
  const region = ctx.region ?? ctx.engineOptions.region ?? 'us-east-1';
  const accountId = ctx.accountId ?? ctx.engineOptions.accountId ?? '123456789012';
  const state = testedState(input.definition, input.stateName, ctx.engineOptions);

  const configuration = input.stateConfiguration;
  if (!input.mock && configuration?.mapIterationFailureCount !== undefined) {
    throw validationException('TestState does not support MapIterationFailureCount when a mock is not specified.');
  }
  if (!input.mock && configuration?.errorCausedByState !== undefined) {
    throw validationException('TestState does not support ErrorCausedByState when a mock is not specified.');
  }
  if (!input.mock && (state.type === 'Map' || state.type === 'Parallel')) {
    // AWS's literal answer for a Map or Parallel state tested without a mock
    throw new ServiceError('InvalidDefinition', 'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]');
  }
  const mock = input.mock ? parseMock(input.mock, state, input.revealSecrets, ctx.serviceModels ?? defaultServiceModels()) : undefined;
  if (!mock && state.type === 'Task' && !input.roleArn) throw validationException('RoleArn must be specified when testing a Task state');
  if (input.context !== undefined && !mock) throw validationException('TestState does not support Context when a mock is not specified.');

  const stateInput = parseJson(input.input ?? '{}', 'input');
  const variables = input.variables === undefined ? undefined : parseVariables(input.variables);
  const retryCount = configuration?.retrierRetryCount ?? 0;
  const context =
    input.context !== undefined
      ? mockedContext(input.context, state.type === 'Task' && CALLBACK.test(String(state.definition.Resource)))
      : defaultContext({ input: stateInput, roleArn: input.roleArn, region, accountId, stateType: state.type, retryCount });

  const inspection = new Inspection();
  // TestState never waits: Wait states and timeouts pass on a virtual clock
  const runOptions: Partial<EngineOptions> = { region, accountId, timeScale: 0, mockTask: mock && state.type === 'Task' ? () => mock : undefined };
  const result = await state.run({
    input: stateInput,
    variables,
    context,
    retryCount,
    probe: {
      record: (field, value) => inspection.record(field, value),
      work: mock ? mockedWork(mock, configuration) : undefined,
      itemReaderData: configuration?.mapItemReaderData === undefined ? undefined : parseJson(configuration.mapItemReaderData, 'mapItemReaderData'),
    },
  }, runOptions);

  const output: TestStateOutput = { status: result.status };
  if (result.status === 'SUCCEEDED' || result.status === 'CAUGHT_ERROR') output.output = JSON.stringify(result.output ?? null);
  if (result.nextState !== undefined) output.nextState = result.nextState;
  if (result.error !== undefined) output.error = result.error;
  if (result.cause !== undefined) output.cause = result.cause;
  if (level !== 'INFO') output.inspectionData = inspection.data(stateInput, result);
  return output;
}

function parseJson(text: string, member: string): unknown {
  const problem = findJsonProblem(text);
  if (problem === undefined) return JSON.parse(text);
  if (member === 'input') throw new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${problem}'`);
  throw validationException(`Invalid ${member}: '${problem}'`);
}

function parseVariables(text: string): Record<string, unknown> {
  const value = parseJson(text, 'variables');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw validationException('Variables must be a JSON object.');
  return value as Record<string, unknown>;
}
