import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { SagaFunctions } from '../functions/saga-functions';
import { HANDLER_NAMES } from '../functions/handler-specs';
import { OrderSagaDefinition, OrderSagaDefinitionProps } from './order-saga-definition';
import { worstCaseSeconds } from './worst-case';
import { workflowLogGroup } from './workflow-log-group';

/**
 * On top of the worst case: Step Functions' own time between states and before a retry, which no
 * TimeoutSeconds covers.
 */
const TIMEOUT_MARGIN = 1.25;

/** The longest a Standard execution may run (Step Functions quotas). */
const MAX_STANDARD_EXECUTION = Duration.days(365);

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
    const worstSeconds = worstCaseSeconds(definition.startState.startState, props);
    this.logGroup = workflowLogGroup(this, 'Logs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(definition.startState),
      queryLanguage: sfn.QueryLanguage.JSONATA,
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: machineTimeout(worstSeconds, props),
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

/**
 * The machine's own timeout, derived rather than fixed: it must never cut a compensation short (an
 * execution that times out ends with no Catch and nothing undone), and the worst case grows with
 * maxPaymentChecks and settlementWaitSeconds. An execution that still reaches it raises the
 * timed-out alarm. test/infra/timeout-budget.test.ts checks it against the rendered definition.
 */
function machineTimeout(worstSeconds: number, props: OrderSagaDefinitionProps): Duration {
  const seconds = Math.ceil((worstSeconds * TIMEOUT_MARGIN) / 60) * 60;
  if (seconds > MAX_STANDARD_EXECUTION.toSeconds()) {
    throw new Error(
      `OrderSagaStack: maxPaymentChecks ${props.maxPaymentChecks} with settlementWaitSeconds ${props.settlementWaitSeconds} ` +
        `make an execution's worst case ${worstSeconds} s, longer than a Standard execution may run ` +
        `(${MAX_STANDARD_EXECUTION.toSeconds()} s): lower either`,
    );
  }
  return Duration.seconds(seconds);
}
