import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WORKFLOW_EVENT_SOURCE } from '../workflow/order-saga-definition';

export interface SagaAlarmsProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly bus: events.IEventBus;
  readonly deadLetterQueue: sqs.IQueue;
  readonly alarmEmail?: string;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * What needs a human, all to one topic. Business failures (declined, out of stock, rejected) are
 * normal and alarm nowhere, so the state machine's ExecutionsFailed metric (which counts them too)
 * and the functions' Errors metric (a thrown OutOfStock is a Lambda error) are not used. Instead the
 * saga's own outcome events say what kind of failure it was: two rules catch `OrderFailed` with
 * errorKind `technical` and every `OrderCompensationFailed`, write them to an alerts log group (the
 * audit trail of what paged), and alarms watch the rules' MatchedEvents.
 */
export class SagaAlarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: SagaAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Order saga alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.topic);
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric) =>
      new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(notify);

    const period = Duration.minutes(1);
    alarm('ExecutionsTimedOut', 'An order saga execution hit the state machine timeout.',
      props.stateMachine.metricTimedOut({ period, statistic: 'Sum' }));
    alarm('ExecutionsAborted', 'An order saga execution was aborted (stopped by hand or by a redeploy).',
      props.stateMachine.metricAborted({ period, statistic: 'Sum' }));
    alarm('DeadLetters', 'OrderPlaced events could not start an execution and wait in the dead-letter queue.',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }));

    const alerts = new logs.LogGroup(this, 'AlertEvents', {
      logGroupName: `/aws/events/${Stack.of(this).stackName}-alerts`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    // EventBridge may write to this log group only. A native resource policy: the CloudWatchLogGroup
    // target would install one through a custom-resource Lambda per rule.
    new logs.ResourcePolicy(this, 'AlertEventsPolicy', {
      policyStatements: [
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [alerts.logGroupArn],
        }),
      ],
    });
    const alertsTarget: events.IRuleTarget = {
      bind: () => ({
        arn: Stack.of(this).formatArn({
          service: 'logs',
          resource: 'log-group',
          resourceName: alerts.logGroupName,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      }),
    };
    const alertRule = (ruleId: string, description: string, pattern: events.EventPattern) => {
      const rule = new events.Rule(this, ruleId, {
        eventBus: props.bus,
        description,
        eventPattern: pattern,
        targets: [alertsTarget],
      });
      return new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'MatchedEvents',
        dimensionsMap: { EventBusName: props.bus.eventBusName, RuleName: rule.ruleName },
        period,
        statistic: 'Sum',
      });
    };
    alarm('CompensationFailed', 'A compensation gave up: an order is half undone and needs a human.',
      alertRule('CompensationFailedRule', 'Every OrderCompensationFailed', {
        source: [WORKFLOW_EVENT_SOURCE],
        detailType: ['OrderCompensationFailed'],
      }));
    alarm('TechnicalFailures', 'An order failed for a technical reason (not a business outcome such as a decline).',
      alertRule('TechnicalFailureRule', 'OrderFailed with errorKind technical', {
        source: [WORKFLOW_EVENT_SOURCE],
        detailType: ['OrderFailed'],
        detail: { errorKind: ['technical'] },
      }));
  }
}
