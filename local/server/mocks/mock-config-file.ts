/**
 * Step Functions Local's mock configuration file (MockConfigFile.json), as AWS's developer guide
 * describes it: `StateMachines` maps each state machine's name to its `TestCases`, each of which
 * maps Task state names to the name of a mocked response; `MockedResponses` holds the responses,
 * each keyed by invocation: `"0"`, `"1"`, or an inclusive range `"1-2"`, whose value is exactly
 * one of `Return` (the Task's result) or `Throw` (`{"Error": ..., "Cause": ...}`).
 */
export interface MockedInvocation {
  Return?: unknown;
  Throw?: { Error: string; Cause?: string };
}

export interface MockConfig {
  StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }>;
  MockedResponses: Record<string, Record<string, MockedInvocation>>;
}

/** A mock configuration that cannot be used, with the place in it at fault. */
export class MockConfigError extends Error {
  override readonly name = 'MockConfigError';
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`Invalid mock config ${source}: ${reason}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
export const INVOCATION_KEY = /^(\d+)(?:-(\d+))?$/;

/** Checks a parsed configuration whole, so a bad one fails when it is loaded, not mid-execution. */
export function checkMockConfig(value: unknown, source: string): MockConfig {
  const fail = (reason: string): never => {
    throw new MockConfigError(source, reason);
  };
  if (!isObject(value)) return fail('the file must hold a JSON object with StateMachines and MockedResponses');
  const { StateMachines: machines, MockedResponses: responses } = value;
  if (!isObject(machines)) return fail('StateMachines must be an object of state machine names');
  if (!isObject(responses)) return fail('MockedResponses must be an object of mocked response names');
  for (const [responseName, response] of Object.entries(responses)) {
    const where = `MockedResponses.${responseName}`;
    if (!isObject(response) || Object.keys(response).length === 0) fail(`${where} must be an object keyed by invocation ("0", "1-2", ...)`);
    const covered: [number, number, string][] = [];
    for (const [key, invocation] of Object.entries(response as Record<string, unknown>)) {
      const m = INVOCATION_KEY.exec(key);
      if (!m) fail(`${where}: "${key}" is not an invocation number or range such as "0" or "1-2"`);
      const from = Number(m![1]);
      const to = m![2] === undefined ? from : Number(m![2]);
      if (to < from) fail(`${where}: the range "${key}" ends before it starts`);
      const overlap = covered.find(([a, b]) => from <= b && a <= to);
      if (overlap) fail(`${where}: "${key}" and "${overlap[2]}" both cover invocation ${Math.max(from, overlap[0])}`);
      covered.push([from, to, key]);
      checkInvocation(invocation, `${where}.${key}`, fail);
    }
  }
  for (const [machineName, machine] of Object.entries(machines)) {
    const where = `StateMachines.${machineName}`;
    if (!isObject(machine) || !isObject(machine.TestCases)) fail(`${where} must be an object with TestCases`);
    for (const [caseName, testCase] of Object.entries((machine as { TestCases: Record<string, unknown> }).TestCases)) {
      if (!isObject(testCase)) fail(`${where}.TestCases.${caseName} must map state names to mocked response names`);
      for (const [stateName, responseName] of Object.entries(testCase as Record<string, unknown>)) {
        if (typeof responseName !== 'string') fail(`${where}.TestCases.${caseName}.${stateName} must name a mocked response`);
        if (!Object.prototype.hasOwnProperty.call(responses, responseName as string)) {
          fail(`${where}.TestCases.${caseName}.${stateName} names the mocked response "${responseName}", which MockedResponses does not have`);
        }
      }
    }
  }
  return value as unknown as MockConfig;
}

function checkInvocation(invocation: unknown, where: string, fail: (reason: string) => never): void {
  if (!isObject(invocation)) fail(`${where} must be an object with Return or Throw`);
  const keys = Object.keys(invocation as object);
  if (keys.length !== 1 || (keys[0] !== 'Return' && keys[0] !== 'Throw')) fail(`${where} must have exactly one field, Return or Throw`);
  const thrown = (invocation as MockedInvocation).Throw;
  if (keys[0] === 'Throw') {
    if (!isObject(thrown) || typeof thrown.Error !== 'string') fail(`${where}.Throw must have an Error string`);
    if (thrown!.Cause !== undefined && typeof thrown!.Cause !== 'string') fail(`${where}.Throw.Cause must be a string`);
  }
}
