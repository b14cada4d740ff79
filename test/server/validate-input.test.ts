/**
 * Requests checked against the Step Functions service model (extracted from botocore's), with
 * AWS's wording: every violation in one ValidationException, member paths as AWS writes them,
 * sensitive values left out; a value of the wrong JSON type is a SerializationException.
 */
import { ApiError } from '../../local/server/errors';
import { STEP_FUNCTIONS_MODEL } from '../../local/server/model/service-model';
import { validateInput } from '../../local/server/model/validate-input';

function check(operation: string, input: unknown): ApiError | undefined {
  try {
    validateInput(STEP_FUNCTIONS_MODEL, STEP_FUNCTIONS_MODEL.operations[operation].input, input);
    return undefined;
  } catch (error) {
    return error as ApiError;
  }
}

test('the model covers the actions the server answers', () => {
  for (const op of ['CreateStateMachine', 'StartExecution', 'StartSyncExecution', 'ListExecutions', 'GetExecutionHistory', 'TestState', 'ValidateStateMachineDefinition']) {
    expect(STEP_FUNCTIONS_MODEL.operations[op]).toBeDefined();
  }
  expect(STEP_FUNCTIONS_MODEL.targetPrefix).toBe('AWSStepFunctions');
  expect(STEP_FUNCTIONS_MODEL.jsonVersion).toBe('1.0');
});

test('a valid request passes', () => {
  expect(check('StartExecution', { stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:x', name: 'run', input: '{}' })).toBeUndefined();
});

test('every violation in one message, in the order of the model', () => {
  const error = check('StartExecution', { name: 'x'.repeat(81) });
  expect(error).toMatchObject({
    code: 'ValidationException',
    message:
      "2 validation errors detected: Value null at 'stateMachineArn' failed to satisfy constraint: Member must not be null; " +
      `Value '${'x'.repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
  });
  expect(error!.type).toBe('com.amazon.coral.validate#ValidationException');
});

test('lists and structures: 1-based member paths; structures printed as AWS prints them', () => {
  const routing = (weights: number[]) => weights.map((weight, i) => ({ stateMachineVersionArn: `arn:aws:states:us-east-1:000000000000:stateMachine:m:${i + 1}`, weight }));
  expect(check('CreateStateMachineAlias', { name: 'a', routingConfiguration: routing([50, 101]) })!.message).toBe(
    "1 validation error detected: Value '101' at 'routingConfiguration.2.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
  );
  expect(check('CreateStateMachineAlias', { name: 'a', routingConfiguration: routing([50, 30, 20]) })!.message).toMatch(
    /^1 validation error detected: Value '\[RoutingConfigurationListItem\(stateMachineVersionArn=arn:aws:states:us-east-1:000000000000:stateMachine:m:1, weight=50\), .*\]' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2$/,
  );
});

test('patterns and enums', () => {
  expect(check('CreateStateMachineAlias', { name: '123', routingConfiguration: [] })!.message).toContain(
    "Value '123' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$",
  );
  expect(check('ListExecutions', { stateMachineArn: 'arn', statusFilter: 'DONE' })!.message).toBe(
    "1 validation error detected: Value 'DONE' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [SUCCEEDED, TIMED_OUT, PENDING_REDRIVE, ABORTED, FAILED, RUNNING]",
  );
});

test('sensitive members are named without their value; execution input is measured in UTF-8 bytes', () => {
  expect(check('CreateStateMachine', { name: 'n', roleArn: 'r', definition: '' })!.message).toBe(
    "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length greater than or equal to 1",
  );
  const arn = 'arn:aws:states:us-east-1:000000000000:stateMachine:x';
  expect(check('StartExecution', { stateMachineArn: arn, input: 'a'.repeat(262_144) })).toBeUndefined();
  expect(check('StartExecution', { stateMachineArn: arn, input: 'é'.repeat(131_073) })!.message).toBe(
    "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to 262144 bytes in UTF-8 encoding",
  );
});

test('a value of the wrong JSON type is a SerializationException', () => {
  expect(check('ListExecutions', { stateMachineArn: 'arn', maxResults: '10' })).toMatchObject({ code: 'SerializationException' });
  expect(check('ListExecutions', { stateMachineArn: 12 })).toMatchObject({ code: 'SerializationException' });
  expect(check('GetExecutionHistory', { executionArn: 'arn', reverseOrder: 'yes' })).toMatchObject({ code: 'SerializationException' });
  expect(check('TagResource', { resourceArn: 'arn', tags: { key: 'v' } })).toMatchObject({ code: 'SerializationException' });
});
