/**
 * What an action handler is given and returns. A handler takes the request (already checked
 * against the service model: types, required members, lengths, patterns, enums) and returns the
 * output; the server keeps only the members the output shape declares and sends Dates as epoch
 * seconds. To answer with an error, throw an `ApiError` (../errors.ts), or any Error with a 4xx
 * `status` and the AWS error code in `code` or `name`; anything else thrown is an
 * InternalFailure (500) and the server goes on serving.
 */
import type { EngineOptions } from '../../engine';
import type { LocalStepFunctions } from '../service';

export interface ActionContext {
  /** The local service: state machines, executions, tags. */
  service: LocalStepFunctions;
  /**
   * How the engine reaches the local stack (its Lambda functions, DynamoDB Local, the bus) and the
   * time scale: what a StateMachine built for TestState should be given.
   */
  engineOptions: EngineOptions;
  region: string;
  accountId: string;
  /** The x-amzn-RequestId of this request. */
  requestId: string;
}

export type ActionInput = Record<string, any>;
/** Any object: the output shape decides what of it is sent. */
export type ActionOutput = object;
export type ActionHandler = (input: ActionInput, ctx: ActionContext) => Promise<ActionOutput> | ActionOutput;
