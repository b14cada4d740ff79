import { Aws, Fn, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/**
 * A log group name under a prefix a service requires (Step Functions' log delivery wants
 * `/aws/vendedlogs/`, an EventBridge target `/aws/events/`), unique to this instance of the stack:
 * `<prefix><stack name>-<purpose>-<last group of the stack id's UUID>`.
 *
 * Why not a fixed name: log groups are retained on `cdk destroy` by default (like the tables, so what
 * happened stays readable for its retention), and a retained group with a fixed name makes the next
 * deploy of the stack fail with "already exists". CloudFormation cannot generate a name under a
 * prefix; the stack id is new for every stack created, so a redeploy gets groups of its own and the
 * old ones wait beside them to be deleted by hand. Within one stack's life the name never changes.
 */
export function stackInstanceLogGroupName(scope: Construct, prefix: string, purpose: string): string {
  const stackUuid = Fn.select(2, Fn.split('/', Aws.STACK_ID));
  return `${prefix}${Stack.of(scope).stackName}-${purpose}-${Fn.select(4, Fn.split('-', stackUuid))}`;
}
