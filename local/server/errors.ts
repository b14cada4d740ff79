/**
 * An error answer as AWS's JSON protocols send it: a status code and a body with `__type` (the
 * error's shape id) and `message`. Action handlers throw these; anything else they throw becomes
 * an InternalFailure (500) and never takes the server down.
 */
import { STEP_FUNCTIONS_MODEL } from './model/service-model';

/**
 * The namespaces AWS puts before an error's name in `__type` (SDKs keep only what follows '#'):
 * Step Functions' own errors, and the front end's (Coral) for protocol and validation failures.
 */
const STEP_FUNCTIONS_NAMESPACE = 'com.amazonaws.swf.service.v2.model';
const FRONT_END_NAMESPACES: Record<string, string> = {
  ValidationException: 'com.amazon.coral.validate',
  SerializationException: 'com.amazon.coral.service',
  UnknownOperationException: 'com.amazon.coral.service',
  InternalFailure: 'com.amazon.coral.service',
  RequestTimeoutException: 'com.amazon.coral.service',
  RequestEntityTooLargeException: 'com.amazon.coral.service',
};

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** The error code, e.g. `StateMachineDoesNotExist` (the shape name in the service model). */
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Modeled members besides `message`, e.g. `resourceName` of ResourceNotFound. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  get type(): string {
    const front = FRONT_END_NAMESPACES[this.code];
    if (front) return `${front}#${this.code}`;
    return STEP_FUNCTIONS_MODEL.shapes[this.code]?.exception ? `${STEP_FUNCTIONS_NAMESPACE}#${this.code}` : this.code;
  }

  body(): Record<string, unknown> {
    return { __type: this.type, message: this.message, ...this.extra };
  }
}

/** The errors the actions share, with AWS's wording. */
export const errors = {
  validation: (message: string) => new ApiError('ValidationException', message),
  invalidArn: (arn: string, reason?: string) => new ApiError('InvalidArn', `Invalid Arn: '${reason ?? `Invalid ARN prefix: ${arn}`}'`),
  invalidName: (name: string) => new ApiError('InvalidName', `Invalid Name: '${name}'`),
  invalidDefinition: (detail: string) => new ApiError('InvalidDefinition', `Invalid State Machine Definition: '${detail}'`),
  invalidExecutionInput: (detail: string) => new ApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${detail}'`),
  invalidToken: () => new ApiError('InvalidToken', "Invalid Token: 'Invalid token'"),
  stateMachineDoesNotExist: (arn: string) => new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  stateMachineAlreadyExists: (arn: string) => new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`),
  executionDoesNotExist: (arn: string) => new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  executionAlreadyExists: (arn: string) => new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  resourceNotFound: (message = 'Request references a resource that does not exist.', resourceName?: string) =>
    new ApiError('ResourceNotFound', message, 400, resourceName ? { resourceName } : {}),
  typeNotSupported: (message = 'This operation is not supported by this type of state machine') => new ApiError('StateMachineTypeNotSupported', message),
  conflict: (message: string) => new ApiError('ConflictException', message),
  unknownOperation: (message?: string) => new ApiError('UnknownOperationException', message ?? 'The requested operation is not recognized by the service.'),
  serialization: (message: string) => new ApiError('SerializationException', message),
  internal: (message = 'An internal error occurred.') => new ApiError('InternalFailure', message, 500),
};

/**
 * An error thrown by an action, as the answer to send: an ApiError as it is, or any error that
 * carries a client status (4xx) and an AWS error code in `code` (or `name`), as the validation and
 * TestState modules throw them; anything else is not an answer (undefined: an InternalFailure).
 */
export function asApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const e = error as { status?: unknown; code?: unknown; name?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.status !== 'number' || e.status < 400 || e.status > 499) return undefined;
  const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : undefined;
  return code ? new ApiError(code, String(e.message ?? ''), e.status) : undefined;
}
