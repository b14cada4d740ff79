import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * The state machine's execution log group. Step Functions log delivery wants names under
 * `/aws/vendedlogs/` (its resource policy on the account stays small); the stack name keeps two
 * stacks in one account apart.
 */
export function workflowLogGroup(
  scope: Construct,
  id: string,
  props: { retention: logs.RetentionDays; removalPolicy: RemovalPolicy },
): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: `/aws/vendedlogs/states/${Stack.of(scope).stackName}-OrderSaga`,
    retention: props.retention,
    removalPolicy: props.removalPolicy,
  });
}
