import { randomUUID } from 'node:crypto';
import { validationException } from '../validation/service-error';

/**
 * The context object of a tested state. Without a mocked one, TestState shows (recorded):
 * Execution {Id (an `express:` execution ARN), Input, Name, RoleArn (null without roleArn),
 * StartTime}, StateMachine {Id, Name}, State {Name: the literal "StateName", EnteredTime, and
 * RetryCount for Task, Map and Parallel states}. A mocked `context` replaces it whole (recorded:
 * `{}` gives `$$` = `{}`), after AWS's checks: "Invalid Context object provided: ..." with
 * "Field 'X' is not allowed", "Execution.Id must be a string", "'Map' field is not supported when
 * mocking a Context object", and `Task` only for `.sync`/`.waitForTaskToken` Tasks.
 */
export interface DefaultContext {
  input: unknown;
  roleArn?: string;
  region: string;
  accountId: string;
  stateType: string;
  retryCount: number;
}

export function defaultContext(c: DefaultContext): Record<string, unknown> {
  const machineName = `TestStateMachine-${randomUUID()}`;
  const executionName = randomUUID();
  const now = new Date().toISOString();
  const retryable = c.stateType === 'Task' || c.stateType === 'Map' || c.stateType === 'Parallel';
  return {
    Execution: {
      Id: `arn:aws:states:${c.region}:${c.accountId}:express:${machineName}:${executionName}`,
      Input: c.input,
      Name: executionName,
      RoleArn: c.roleArn ?? null,
      StartTime: now,
    },
    StateMachine: { Id: `arn:aws:states:${c.region}:${c.accountId}:stateMachine:${machineName}`, Name: machineName },
    State: retryable ? { Name: 'StateName', EnteredTime: now, RetryCount: c.retryCount } : { Name: 'StateName', EnteredTime: now },
  };
}

type FieldType = 'string' | 'number' | 'any';

/** The members a mocked context may have, and their JSON types. */
const SECTIONS: Record<string, Record<string, FieldType>> = {
  Execution: { Id: 'string', Input: 'any', Name: 'string', RoleArn: 'string', StartTime: 'string', RedriveCount: 'number', RedriveTime: 'string' },
  State: { EnteredTime: 'string', Name: 'string', RetryCount: 'number' },
  StateMachine: { Id: 'string', Name: 'string' },
  Task: { Token: 'string' },
};

const invalid = (detail: string) => validationException(`Invalid Context object provided: ${detail}`);
const article = (t: FieldType) => (t === 'string' ? 'a string' : 'a number');

/** Parses and checks a mocked context; `callbackTask` says whether `Task` is allowed. */
export function mockedContext(text: string, callbackTask: boolean): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('Context object must be valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('Context object must be a JSON object');
  const context = value as Record<string, unknown>;
  for (const [section, content] of Object.entries(context)) {
    if (section === 'Map') throw invalid("'Map' field is not supported when mocking a Context object");
    const fields = SECTIONS[section];
    if (!fields) throw invalid(`Field '${section}' is not allowed`);
    if (section === 'Task' && !callbackTask) {
      throw invalid("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern");
    }
    if (content === null || typeof content !== 'object' || Array.isArray(content)) throw invalid(`${section} must be an object`);
    for (const [field, v] of Object.entries(content)) {
      const type = fields[field];
      if (!type) throw invalid(`Field '${field}' is not allowed`);
      if (type !== 'any' && typeof v !== type) throw invalid(`${section}.${field} must be ${article(type)}`);
    }
  }
  return context;
}
