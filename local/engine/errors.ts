/** A definition that is not valid Amazon States Language; thrown by the StateMachine constructor. */
export class InvalidDefinitionError extends Error {
  override readonly name = 'InvalidDefinitionError';
  constructor(
    /** The state at fault (undefined for machine-level problems). */
    readonly state: string | undefined,
    /** The field at fault, e.g. "Next" or "Arguments/FunctionName". */
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(`Invalid state machine definition${state ? ` at state '${state}'` : ''}${field ? `, field '${field}'` : ''}: ${reason}`);
  }
}

/**
 * A Step Functions runtime error (what AWS reports as Error and Cause). `evaluation` marks errors
 * that AWS announces with an EvaluationFailed history event when they end the execution.
 */
export class StatesError extends Error {
  override readonly name = 'StatesError';
  constructor(
    readonly error: string,
    readonly causeText: string | undefined,
    readonly evaluation = false,
  ) {
    super(`${error}: ${causeText ?? ''}`);
  }
}

/** Thrown into branches that must stop because the execution ended (timed out, aborted, sibling failed). */
export class ExecutionStopped extends Error {
  override readonly name = 'ExecutionStopped';
}

/** The standard prefix AWS puts on runtime errors raised while a state runs. */
export function stateCause(stateName: string, enteredEventId: number, detail: string): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${detail}`;
}
