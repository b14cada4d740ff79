import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SagaFunctions } from '../functions/saga-functions';
import { HANDLER_NAMES } from '../functions/handler-specs';
import { OrderSagaDefinition, OrderSagaDefinitionProps } from './order-saga-definition';
import { workflowLogGroup } from './workflow-log-group';

/**
 * Longer than the worst case of every retry, wait and compensation on the longest path (computed
 * from the rendered definition in test/infra/timeout-budget.test.ts), so the machine's own timeout
 * never cuts a compensation short; an execution that still reaches it raises the timed-out alarm.
 */
export const STATE_MACHINE_TIMEOUT = Duration.hours(1);

export interface OrderSagaStateMachineProps extends OrderSagaDefinitionProps {
  readonly functions: SagaFunctions;
  readonly logExecutionData: boolean;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The Standard workflow: JSONata, logs at level ALL under /aws/vendedlogs/states/, X-Ray tracing. */
export class OrderSagaStateMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OrderSagaStateMachineProps) {
    super(scope, id);
    const definition = new OrderSagaDefinition(this, 'Definition', props);
    this.logGroup = workflowLogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition.startState),
      queryLanguage: sfn.QueryLanguage.JSONATA,
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: STATE_MACHINE_TIMEOUT,
      tracingEnabled: true,
      logs: {
        destination: this.logGroup,
        level: sfn.LogLevel.ALL,
        // Off by default: inputs carry payment tokens and addresses.
        includeExecutionData: props.logExecutionData,
      },
    });

    const stack = Stack.of(this);
    Validations.of(this.stateMachine.role).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CloudWatch Logs delivery (logs:CreateLogDelivery and friends) and X-Ray tracing have no resource-level permissions; CDK adds exactly these.',
      },
      ...HANDLER_NAMES.map((name) => ({
        id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(props.functions.get(name).function.node.defaultChild as any)}.Arn>:*]`,
        reason: `LambdaInvoke allows invoking any version or alias of ${name} (its ARN with ':*'), and only that function.`,
      })),
    );
  }
}
