/**
 * Where the parts of the server built beside the core plug in:
 *   - ValidateStateMachineDefinition (validation/validate.ts) and TestState
 *     (test-state/test-state.ts) join the action table, and the validator's diagnostics become
 *     CreateStateMachine's and UpdateStateMachine's InvalidDefinition;
 *   - the MockConfigFile support (mocks/mock-config.ts) answers `stateMachineArn#TestCase`
 *     executions when the server runs with --mock-config.
 */
import type { TestStateInput, ValidateStateMachineDefinitionInput } from '@aws-sdk/client-sfn';
import { registerAction, type ActionTable } from './actions';
import { loadMockConfig, mockedEngineOptions } from './mocks/mock-config';
import type { MockSupport, StateMachineType } from './service';
import { testState } from './test-state/test-state';
import { invalidDefinitionProblem, validateStateMachineDefinition } from './validation/validate';

export function registerExtensionActions(table: ActionTable): void {
  // The inputs were checked against the service model before a handler runs.
  registerAction(table, 'ValidateStateMachineDefinition', (input) => validateStateMachineDefinition(input as ValidateStateMachineDefinitionInput));
  registerAction(table, 'TestState', (input, ctx) => testState(input as TestStateInput, ctx));
}

/** AWS's InvalidDefinition detail for a definition ("SCHEMA_VALIDATION_FAILED: ... at /States/..."), or undefined. */
export async function checkDefinition(definition: string, type: StateMachineType): Promise<string | undefined> {
  return invalidDefinitionProblem(definition, type);
}

/** The mock support for --mock-config FILE; a file that cannot be used fails the start, naming what is wrong. */
export function loadMocks(file: string): MockSupport {
  const config = loadMockConfig(file);
  return { engineOptionsFor: (name, testCase, base) => mockedEngineOptions(config, name, testCase, base) };
}
