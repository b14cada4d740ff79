// Three AWS behaviours the engine follows since TestState's recordings showed them:
// - the states of a Map's item processor take the machine's query language, not the Map's
//   (recorded ValidateStateMachineDefinition VALID_QUERY_LANGUAGE_PASS: a JSONPath state inside a
//   JSONata Map of a JSONPath machine is valid; floci-io/floci#2968 measured the same);
// - a Pass state's Result is its result whatever Parameters says (ASL spec: Result is the output
//   of a virtual task; recorded TestState IO_RESULT_PASS_STATE);
// - `$states` read whole shows the context too (recorded TestState outputs of `{% $states %}`).
import { StateMachine } from '../../local/engine';
import { run } from './support';

test('a JSONata Map in a JSONPath machine may hold JSONPath states', async () => {
  const definition = {
    StartAt: 'Map',
    QueryLanguage: 'JSONPath',
    States: {
      Map: {
        Type: 'Map',
        QueryLanguage: 'JSONata',
        Items: '{% $states.input.list %}',
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Pass', States: { Pass: { QueryLanguage: 'JSONPath', Type: 'Pass', Parameters: { 'v.$': '$' }, End: true } } },
        End: true,
      },
    },
  };
  const execution = await run(definition, { list: [1, 2] });
  expect(execution.output).toEqual([{ v: 1 }, { v: 2 }]);
});

test('a JSONPath state under a JSONata machine is still refused', () => {
  expect(() => new StateMachine({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } } })).toThrow(/JSONPath/);
});

test('Pass: Result wins over InputPath and Parameters', async () => {
  const execution = await run({ StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.a', Parameters: { p: 1 }, Result: { r: 2 }, ResultPath: '$.out', End: true } } }, { a: 1 });
  expect(execution.output).toEqual({ a: 1, out: { r: 2 } });
});

test('`$states` whole includes the context object', async () => {
  const execution = await run({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states %}', End: true } } }, { a: 1 });
  const output = execution.output as { input: unknown; context: { Execution: { Id: string }; State: { Name: string } } };
  expect(output.input).toEqual({ a: 1 });
  expect(output.context.Execution.Id).toBe(execution.executionArn);
  expect(output.context.State.Name).toBe('P');
});
