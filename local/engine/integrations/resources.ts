import type { EngineOptions } from '../types';
import { invokeLambdaIntegration, invokePlainLambda } from './lambda';
import { callDynamoDb, DYNAMODB_ACTIONS } from './dynamodb';
import { callPutEvents } from './events';

/**
 * The Task resources the engine knows. A resource resolves to how its history events are named
 * (TaskScheduled with resourceType/resource, or LambdaFunction* for a plain Lambda ARN) and the
 * call itself. Anything else is refused with States.Runtime naming the resource.
 */
export interface Resource {
  kind: 'task' | 'lambda';
  resourceType: string;
  resource: string;
  call(parameters: unknown, options: EngineOptions): Promise<unknown>;
}

const LAMBDA_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/;

export function resolveResource(arn: string): Resource | { unsupported: string } {
  if (LAMBDA_ARN.test(arn)) {
    return { kind: 'lambda', resourceType: 'lambda', resource: arn, call: (p, o) => invokePlainLambda(arn, p, o) };
  }
  const m = /^arn:aws[\w-]*:states:::([\w-]+):([\w.-]+?)(\.sync(?::\d)?|\.waitForTaskToken)?$/.exec(arn);
  if (!m) return { unsupported: `the resource '${arn}' is not a supported Task resource` };
  const [, service, action, pattern] = m;
  if (pattern) return { unsupported: `the integration pattern '${pattern}' of '${arn}' is not supported by the local engine` };
  if (service === 'lambda' && action === 'invoke') {
    return { kind: 'task', resourceType: 'lambda', resource: 'invoke', call: (p, o) => invokeLambdaIntegration(p, o) };
  }
  if (service === 'events' && action === 'putEvents') {
    return { kind: 'task', resourceType: 'events', resource: 'putEvents', call: (p, o) => callPutEvents(p, o) };
  }
  if (service === 'dynamodb' && DYNAMODB_ACTIONS.has(action)) {
    return { kind: 'task', resourceType: 'dynamodb', resource: action, call: (p, o) => callDynamoDb(action, p, o) };
  }
  return { unsupported: `the service integration '${arn}' is not supported by the local engine` };
}

/**
 * How the history names a resource the engine cannot call, for a Task whose call a mock answers:
 * `arn:aws:states:::aws-sdk:s3:getObject` is resource type `aws-sdk:s3`, resource `getObject`.
 */
export function describeResource(arn: string): Omit<Resource, 'call'> {
  const m = /^arn:aws[\w-]*:states:::(aws-sdk:[\w-]+|[\w-]+):(.+)$/.exec(arn);
  if (m) return { kind: 'task', resourceType: m[1], resource: m[2] };
  return { kind: 'task', resourceType: 'task', resource: arn };
}
