import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { stackInstanceLogGroupName } from '../monitoring/log-group-names';

/**
 * The state machine's execution log group. Step Functions log delivery wants names under
 * `/aws/vendedlogs/` (its resource policy on the account stays small), so CloudFormation cannot name
 * it; the name is unique to the stack instance instead (see stackInstanceLogGroupName).
 */
export function workflowLogGroup(
  scope: Construct,
  id: string,
  props: { retention: logs.RetentionDays; removalPolicy: RemovalPolicy },
): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: stackInstanceLogGroupName(scope, '/aws/vendedlogs/states/', 'OrderSaga'),
    retention: props.retention,
    removalPolicy: props.removalPolicy,
  });
}
