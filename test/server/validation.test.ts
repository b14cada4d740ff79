// ValidateStateMachineDefinition on broken definitions: the diagnostics AWS gives. Each expected
// answer is either recorded from AWS (../shared/conformance-api, test_sfn_api_validation) or
// measured on AWS and published (floci-io/floci#2735, #2745, #2968, #2670, named per test).
import { validateStateMachineDefinition, invalidDefinitionProblem } from '../../local/server/validation/validate';

const validate = (definition: unknown, type?: 'STANDARD' | 'EXPRESS') =>
  validateStateMachineDefinition({ definition: typeof definition === 'string' ? definition : JSON.stringify(definition), type });

const pass = { Type: 'Pass', End: true };

describe('answers AWS recorded', () => {
  test('an empty object: both required fields, in AWS’s order', async () => {
    expect(await validate({})).toEqual({
      result: 'FAIL',
      diagnostics: [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'These fields are required: [States, StartAt]', location: '/' }],
      truncated: false,
    });
  });

  test('blank text is not a JSON object (no location)', async () => {
    expect((await validate(' ')).diagnostics).toEqual([{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }]);
  });

  test('text that is not JSON: the parser’s message, and its source position as location', async () => {
    const location = '[Source: (String)"not a definition"; line: 1, column: 4]';
    expect((await validate('not a definition')).diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'INVALID_JSON_DESCRIPTION',
        message: `Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at ${location}`,
        location,
      },
    ]);
  });

  test('no StartAt: reported alone, before any transition check', async () => {
    expect((await validate({ States: { StartState: pass } })).diagnostics).toEqual([
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'These fields are required: [StartAt]', location: '/' },
    ]);
  });

  test('a JSONPath state in a JSONata machine', async () => {
    const result = await validate({ StartAt: 'Pass', QueryLanguage: 'JSONata', States: { Pass: { ...pass, QueryLanguage: 'JSONPath' } } });
    expect(result.diagnostics).toEqual([
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", location: '/States/Pass' },
    ]);
  });

  test('.waitForTaskToken in an EXPRESS machine (AWS’s message ends with a space)', async () => {
    const definition = { StartAt: 'Send', States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: 'q' }, End: true } } };
    expect((await validate(definition, 'STANDARD')).result).toBe('OK');
    expect((await validate(definition, 'EXPRESS')).diagnostics).toEqual([
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: "Express state machine does not support '.waitForTaskToken' service integration ", location: '/States/Send/Resource' },
    ]);
  });

  test('valid: a JSONPath state inside a JSONata Map of a JSONPath machine', async () => {
    const definition = {
      StartAt: 'Map',
      QueryLanguage: 'JSONPath',
      States: { Map: { Type: 'Map', QueryLanguage: 'JSONata', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Pass', States: { Pass: { QueryLanguage: 'JSONPath', ...pass } } }, End: true } },
    };
    expect(await validate(definition)).toEqual({ result: 'OK', diagnostics: [], truncated: false });
  });

  test('an unknown state Type, and the InvalidDefinition detail CreateStateMachine gives for it', async () => {
    const definition = { StartAt: 'S', States: { S: { Type: 'TypeThatDoesNotExist', End: true } } };
    const message = "The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]";
    expect((await validate(definition)).diagnostics).toEqual([{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message, location: '/States/S/Type' }]);
    expect(invalidDefinitionProblem(JSON.stringify(definition))).toBe(`SCHEMA_VALIDATION_FAILED: ${message} at /States/S/Type`);
  });

  test('an optimized integration AWS does not have', async () => {
    const definition = { StartAt: 'Q', States: { Q: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:query', Parameters: {}, End: true } } };
    expect(invalidDefinitionProblem(JSON.stringify(definition))).toBe(
      'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:query is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/Q/Resource',
    );
  });
});

describe('answers measured on AWS and published', () => {
  test('a Next to nowhere, then the missing terminal state (floci-io/floci#2786)', async () => {
    expect((await validate({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'NOPE' } } })).diagnostics).toEqual([
      { severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: "Missing 'Next' target: NOPE", location: '/States/A/Next' },
      { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
    ]);
  });

  test('a state nothing leads to (floci-io/floci#2735)', async () => {
    const definition = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' }, C: pass } };
    expect((await validate(definition)).diagnostics).toEqual([{ severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: 'State "C" is not reachable.', location: '/States/C' }]);
    expect(invalidDefinitionProblem(JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } }))).toBe(
      'MISSING_END_STATE: Workflow has no terminal state at null',
    );
  });

  test('a field the state type does not have, located at the state (floci-io/floci#2735)', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', TimeoutSeconds: 5, ItemProcessor: { StartAt: 'I', States: { I: pass } }, End: true } } };
    expect((await validate(definition)).diagnostics).toEqual([{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: "Field 'TimeoutSeconds' is not supported", location: '/States/M' }]);
  });

  test('a JSONata-only field in a JSONPath state (floci-io/floci#2968)', async () => {
    expect((await validate({ StartAt: 'P', States: { P: { ...pass, Output: { a: 1 } } } })).diagnostics).toEqual([
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage", location: '/States/P' },
    ]);
  });

  test('JSONata that does not parse, and a bare top-level name (floci-io/floci#2745, #2670)', async () => {
    const definition = { QueryLanguage: 'JSONata', StartAt: 'Main', States: { Main: { ...pass, Output: { broken: '{% 1 + %}', v: '{% phone %}', ok: '{% $states.input.items[price > 3] %}' } } } };
    expect((await validate(definition)).diagnostics).toEqual([
      { severity: 'ERROR', code: 'INVALID_JSONATA_EXPRESSION', message: 'Unexpected end of expression', location: '/States/Main/Output/broken' },
      { severity: 'ERROR', code: 'UNSUPPORTED_JSONATA_EXPRESSION', message: "Reference to 'phone' at the top level is not supported.", location: '/States/Main/Output/v' },
    ]);
  });

  test('a nested state is located through its Map', async () => {
    const definition = { StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', Bogus: 1, End: true } } }, End: true } } };
    expect((await validate(definition)).diagnostics).toEqual([
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: "Field 'Bogus' is not supported", location: '/States/M/ItemProcessor/States/I' },
    ]);
  });
});

describe('what the engine refuses beyond those rules', () => {
  test('a JSONPath that is not a path, at the state and field', async () => {
    expect((await validate({ StartAt: 'P', States: { P: { ...pass, InputPath: 'nope' } } })).diagnostics).toEqual([
      { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: `must be a JSONPath starting with '$', got "nope"`, location: '/States/P/InputPath' },
    ]);
  });
});

describe('the request', () => {
  test('maxResults cuts the list and says so', async () => {
    const definition = { StartAt: 'P', States: { P: { ...pass, A: 1, B: 2, C: 3 } } };
    const all = await validate(definition);
    expect(all.diagnostics).toHaveLength(3);
    const cut = await validateStateMachineDefinition({ definition: JSON.stringify(definition), maxResults: 2 });
    expect(cut).toMatchObject({ result: 'FAIL', truncated: true });
    expect(cut.diagnostics).toHaveLength(2);
  });

  test('a request without definition, or with an unknown type, is a ValidationException', async () => {
    await expect(validateStateMachineDefinition({} as never)).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(validateStateMachineDefinition({ definition: '{}', type: 'BATCH' as never })).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('STANDARD, EXPRESS') });
  });
});
