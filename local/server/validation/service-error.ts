/**
 * An error the Step Functions API answers with: `name` is AWS's error code (`ValidationException`,
 * `InvalidDefinition`, ...), which the server sends as `__type`, and `message` its message. The
 * validation, TestState and mock-config modules throw these; all of them are client errors (400).
 */
export class ServiceError extends Error {
  readonly status = 400;
  constructor(
    /** AWS's error code, also available as `code`. */
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }

  get code(): string {
    return this.name;
  }
}

export const validationException = (message: string) => new ServiceError('ValidationException', message);

/** AWS's InvalidDefinition, whose message wraps the diagnostics' detail. */
export const invalidDefinition = (detail: string) => new ServiceError('InvalidDefinition', `Invalid State Machine Definition: '${detail}'`);
