import { ArnFormat, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
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
import { stackInstanceLogGroupName } from './log-group-names';
import { OUTCOME_NOT_PUBLISHED } from './outcome-not-published';

export interface SagaAlarmsProps {
  readonly stateMachine: sfn.IStateMachine;
  readonly bus: events.IEventBus;
  readonly deadLetterQueue: sqs.IQueue;
  readonly alarmEmail?: string;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

const PERIOD = Duration.minutes(1);

/**
 * What needs a human, all to one topic. Business failures (declined, out of stock, rejected) are
 * normal and alarm nowhere, so the state machine's ExecutionsFailed metric (which counts them too)
 * and the functions' Errors metric (a thrown OutOfStock is a Lambda error) are not used. Instead the
 * saga's own outcome events say what kind of failure it was: two rules catch `OrderFailed` with
 * errorKind `technical` and every `OrderCompensationFailed`, write them to an alerts log group (the
 * audit trail of what paged), and alarms watch the rules' MatchedEvents. An outcome that could not be
 * published at all is caught from Step Functions' own status-change event (see outcomeNotPublished).
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

    alarm('ExecutionsTimedOut', 'An order saga execution hit the state machine timeout.',
      props.stateMachine.metricTimedOut({ period: PERIOD, statistic: 'Sum' }));
    alarm('ExecutionsAborted', 'An order saga execution was aborted (stopped by hand or by a redeploy).',
      props.stateMachine.metricAborted({ period: PERIOD, statistic: 'Sum' }));
    alarm('DeadLetters', 'OrderPlaced events could not start an execution and wait in the dead-letter queue.',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }));

    const alerts = this.alertsLogGroup(props);
    const outcomeRule = (ruleId: string, description: string, pattern: events.EventPattern) =>
      new events.Rule(this, ruleId, { eventBus: props.bus, description, eventPattern: pattern, targets: [alerts] });
    alarm('CompensationFailed', 'A compensation gave up: an order is half undone and needs a human.',
      matchedEventsOnCustomBus(props.bus, outcomeRule('CompensationFailedRule', 'Every OrderCompensationFailed', {
        source: [WORKFLOW_EVENT_SOURCE],
        detailType: ['OrderCompensationFailed'],
      })));
    alarm('TechnicalFailures', 'An order failed for a technical reason (not a business outcome such as a decline).',
      matchedEventsOnCustomBus(props.bus, outcomeRule('TechnicalFailureRule', 'OrderFailed with errorKind technical', {
        source: [WORKFLOW_EVENT_SOURCE],
        detailType: ['OrderFailed'],
        detail: { errorKind: ['technical'] },
      })));
    alarm('OutcomesNotPublished',
      'An execution ended in OutcomeNotPublished: EventBridge refused its outcome event, so nobody downstream heard of that order.',
      matchedEventsOnDefaultBus(this.outcomeNotPublished(props.stateMachine, alerts)));
  }

  /**
   * The alerts log group, as an EventBridge target. An EventBridge log-group target wants a name under
   * `/aws/events/`, so it cannot be left to CloudFormation; it is unique to the stack instance instead.
   * EventBridge may write to it through a native resource policy: the CloudWatchLogGroup target would
   * install one through a custom-resource Lambda per rule.
   */
  private alertsLogGroup(props: SagaAlarmsProps): AlertsTarget {
    const group = new logs.LogGroup(this, 'AlertEvents', {
      logGroupName: stackInstanceLogGroupName(this, '/aws/events/', 'alerts'),
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    new logs.ResourcePolicy(this, 'AlertEventsPolicy', {
      policyStatements: [
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('events.amazonaws.com'), new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [group.logGroupArn],
        }),
      ],
    });
    const arn = Stack.of(this).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: group.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    return { bind: () => ({ arn }), withInput: (input) => ({ bind: () => ({ arn, input }) }) };
  }

  /**
   * Executions that ended in the OutcomeNotPublished Fail state. Its outcome event is exactly what is
   * missing from our bus, so this cannot be an event of ours. Step Functions itself sends every
   * Standard execution's end to the account's default bus ("Step Functions Execution Status Change",
   * whose detail is what DescribeExecution returns, `error` included). That holds whatever the state
   * machine's logging level and execution-data setting (a metric filter on its log group would depend
   * on both, and on which fields a log event keeps without execution data, which AWS does not list),
   * and needs no permission on our bus. Like CloudWatch Logs delivery it is best effort, and an
   * outage of EventBridge in the Region could silence it too.
   * The event's detail carries the execution input (payment token, address): only its ARN is logged.
   */
  private outcomeNotPublished(stateMachine: sfn.IStateMachine, alerts: AlertsTarget): events.Rule {
    const executionArn = events.EventField.fromPath('$.detail.executionArn');
    return new events.Rule(this, 'OutcomeNotPublishedRule', {
      description: `Executions of the order saga that ended in ${OUTCOME_NOT_PUBLISHED}`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [stateMachine.stateMachineArn], status: ['FAILED'], error: [OUTCOME_NOT_PUBLISHED] },
      },
      targets: [
        alerts.withInput(
          // A log-group target takes {timestamp, message} from an input transformer.
          events.RuleTargetInput.fromObject({
            timestamp: events.EventField.time,
            message: `${executionArn} ended in ${OUTCOME_NOT_PUBLISHED}: its outcome event is not on the bus`,
          }),
        ),
      ],
    });
  }
}

interface AlertsTarget extends events.IRuleTarget {
  withInput(input: events.RuleTargetInput): events.IRuleTarget;
}

/**
 * MatchedEvents of a rule on a custom bus. AWS/Events names such a rule by two dimensions,
 * EventBusName and the bare RuleName. `Ref` of the rule is `busName|ruleName` there
 * (aws-cloudformation/cloudformation-coverage-roadmap#1131), a metric that never exists: the name is
 * split out of it rather than fixed, which would keep CloudFormation from replacing the rule.
 */
function matchedEventsOnCustomBus(bus: events.IEventBus, rule: events.IRule): cloudwatch.Metric {
  return matchedEvents({ EventBusName: bus.eventBusName, RuleName: Fn.select(1, Fn.split('|', rule.ruleName)) });
}

/** MatchedEvents of a rule on the default bus: RuleName alone, which is what `Ref` gives there. */
function matchedEventsOnDefaultBus(rule: events.IRule): cloudwatch.Metric {
  return matchedEvents({ RuleName: rule.ruleName });
}

function matchedEvents(dimensionsMap: Record<string, string>): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: 'AWS/Events', metricName: 'MatchedEvents', dimensionsMap, period: PERIOD, statistic: 'Sum' });
}
