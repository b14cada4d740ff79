import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SAGA_NAME_METADATA } from '../functions/handler-specs';

/** Where shop orders come from (docs/design.md, "Events"). */
export const SHOP_EVENT_SOURCE = 'order-saga.shop';
export const ORDER_PLACED = 'OrderPlaced';

/**
 * The custom bus the shop publishes orders to and the saga publishes its outcomes to.
 *
 * Always deleted with the stack, whatever its removal policy: a bus keeps no data (events pass
 * through), and CDK gives it a fixed name, so a retained bus made the next deploy of the stack fail
 * ("already exists"). The name stays the same across a destroy and a redeploy, so a shop configured
 * with it keeps working.
 */
export class OrderEventBus extends Construct {
  readonly bus: events.EventBus;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', {
      description: 'Order saga: OrderPlaced in, OrderConfirmed/OrderRejected/OrderFailed/OrderCompensationFailed out',
    });
    this.bus.applyRemovalPolicy(RemovalPolicy.DESTROY);
    (this.bus.node.defaultChild as events.CfnEventBus).addMetadata(SAGA_NAME_METADATA, 'bus');
  }
}

export interface OrderPlacedRouteProps {
  readonly bus: events.IEventBus;
  readonly stateMachine: sfn.IStateMachine;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Routes `OrderPlaced` from the shop, and only that (the saga's own outcome events on the same bus
 * must never start executions), to StartExecution with the event's detail as the order. Deliveries
 * that still fail after EventBridge's retries land in a dead-letter queue, which an alarm watches.
 */
export class OrderPlacedRoute extends Construct {
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: OrderPlacedRouteProps) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      // SSE-SQS: EventBridge cannot use the aws/sqs KMS key to send to a queue.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    this.rule = new events.Rule(this, 'Rule', {
      eventBus: props.bus,
      description: 'OrderPlaced from the shop starts an order saga execution',
      eventPattern: { source: [SHOP_EVENT_SOURCE], detailType: [ORDER_PLACED] },
      targets: [
        new targets.SfnStateMachine(props.stateMachine, {
          input: events.RuleTargetInput.fromEventPath('$.detail'),
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(2),
        }),
      ],
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter queue of the OrderPlaced rule; its messages are alarmed on and inspected by hand.',
    });
  }
}
