import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthesizeOrderSaga } from '../support/synth';

let template: Template;
beforeAll(() => {
  template = Template.fromJSON(synthesizeOrderSaga().template);
}, 120_000);

describe('handlers', () => {
  test('ten Node.js 24 ARM64 functions with tracing, JSON logs to their own log group, and a timeout past their step', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Metadata: { 'order-saga:name': Match.anyValue() } });
    expect(Object.keys(functions)).toHaveLength(10);
    const stepTimeouts: Record<string, number> = {
      validateOrder: 10, assessFraudRisk: 10, verifyAddress: 10, reserveInventory: 15, chargePayment: 15,
      checkPayment: 10, refundPayment: 15, releaseInventory: 15, createShipment: 15, cancelShipments: 15,
    };
    for (const fn of Object.values(functions)) {
      const name = fn.Metadata['order-saga:name'];
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.stringMatching(/Logs[0-9A-F]{8}$/) } },
        Timeout: stepTimeouts[name] + 5,
      });
    }
  });

  test('each handler gets the names of the tables it uses, and only those', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Metadata: { 'order-saga:name': Match.anyValue() } });
    const env = Object.fromEntries(
      Object.values(functions).map((f) => [
        f.Metadata['order-saga:name'],
        Object.keys(f.Properties.Environment.Variables).filter((k) => k.endsWith('_TABLE')).sort(),
      ]),
    );
    expect(env).toEqual({
      validateOrder: [], assessFraudRisk: [], verifyAddress: [],
      reserveInventory: ['INVENTORY_TABLE', 'ORDERS_TABLE'],
      chargePayment: ['PAYMENTS_TABLE'], checkPayment: ['PAYMENTS_TABLE'], refundPayment: ['PAYMENTS_TABLE'],
      releaseInventory: ['INVENTORY_TABLE', 'ORDERS_TABLE'],
      createShipment: ['SHIPMENTS_TABLE'], cancelShipments: ['SHIPMENTS_TABLE'],
    });
  });

  test('log groups keep a month and, like the tables, are retained by default', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    // ten handlers, the state machine, the alerts, and CDK's custom-resource provider
    expect(Object.keys(groups)).toHaveLength(13);
    for (const [id, g] of Object.entries(groups)) {
      expect({ id, retention: g.Properties.RetentionInDays, deletion: g.DeletionPolicy }).toEqual({ id, retention: 30, deletion: 'Retain' });
    }
  });
});

describe('state machine', () => {
  test('is STANDARD, logs ALL without execution data to /aws/vendedlogs/states/, traces, times out after an hour', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkflowLogs'), 'Arn'] } } }],
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/OrderSagaStack-OrderSaga',
      RetentionInDays: 30,
    });
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    const text = machine.Properties.DefinitionString['Fn::Join'][1].filter((p: unknown) => typeof p === 'string').join('');
    expect(text).toContain('"TimeoutSeconds":3600');
  });
});

describe('events', () => {
  test('a custom bus; the rule routes only OrderPlaced from the shop to StartExecution with the detail as input', () => {
    template.resourceCountIs('AWS::Events::EventBus', 1);
    const rules = template.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: { source: ['order-saga.shop'] } },
    });
    expect(Object.values(rules)).toHaveLength(1);
    const rule = Object.values(rules)[0].Properties;
    expect(rule.EventPattern).toEqual({ source: ['order-saga.shop'], 'detail-type': ['OrderPlaced'] });
    expect(rule.EventBusName).toEqual({ Ref: expect.stringMatching(/^EventsBus/) });
    expect(rule.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: { Ref: expect.stringMatching(/^WorkflowStateMachine[0-9A-F]{8}$/) },
        InputPath: '$.detail',
        RoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^WorkflowStateMachineEventsRole/), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/^OrderPlacedDeadLetterQueue/), 'Arn'] } },
      },
    ]);
  });

  test('no rule on the bus matches the outcome events into a new execution', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    const starting = rules.filter((r) => JSON.stringify(r.Properties.Targets).includes('WorkflowStateMachine'));
    expect(starting).toHaveLength(1);
    expect(starting[0].Properties.EventPattern.source).toEqual(['order-saga.shop']);
  });

  test('the dead-letter queue uses SSE-SQS, keeps messages 14 days and refuses plain HTTP', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});

describe('tables', () => {
  test('four on-demand tables with point-in-time recovery, retained by default, keyed as docs/design.md says', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    const keys = Object.fromEntries(
      Object.values(tables).map((t) => [
        t.Metadata['order-saga:name'],
        t.Properties.KeySchema.map((k: any) => `${k.AttributeName}:${k.KeyType}`),
      ]),
    );
    expect(keys).toEqual({
      orders: ['orderId:HASH'],
      inventory: ['sku:HASH'],
      payments: ['orderId:HASH', 'entry:RANGE'],
      shipments: ['orderId:HASH', 'parcelId:RANGE'],
    });
    for (const t of Object.values(tables)) {
      expect(t).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: { BillingMode: 'PAY_PER_REQUEST', PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
      });
    }
  });

  test('the inventory is seeded from the catalogue on create and update', () => {
    const seed = Object.values(template.findResources('Custom::AWS'))[0];
    for (const phase of ['Create', 'Update']) {
      const call = seed.Properties[phase]['Fn::Join'][1].filter((p: unknown) => typeof p === 'string').join('');
      expect(call).toContain('"action":"batchWriteItem"');
      for (const sku of ['SKU-BOOK-001', 'SKU-MUG-002', 'SKU-LAMP-003', 'SKU-DESK-004', 'SKU-PIANO-005', 'SKU-RARE-006']) {
        expect(call).toContain(`"sku":{"S":"${sku}"}`);
      }
    }
  });
});

describe('alarms', () => {
  test('timed-out, aborted, compensation-failed, technical failures and dead letters notify one SSL-only topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    expect(alarms.map((a) => `${a.Namespace}/${a.MetricName}`).sort()).toEqual([
      'AWS/Events/MatchedEvents',
      'AWS/Events/MatchedEvents',
      'AWS/SQS/ApproximateNumberOfMessagesVisible',
      'AWS/States/ExecutionsAborted',
      'AWS/States/ExecutionsTimedOut',
    ]);
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topics).toHaveLength(1);
    for (const a of alarms) {
      expect(a).toMatchObject({ AlarmActions: [{ Ref: topics[0] }], Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    }
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
    });
  });

  test('business failures raise none: the alert rules match only technical OrderFailed and OrderCompensationFailed', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule', {
      Properties: { EventPattern: { source: ['order-saga.workflow'] } },
    })).map((r) => r.Properties.EventPattern);
    expect(rules).toEqual([
      { source: ['order-saga.workflow'], 'detail-type': ['OrderCompensationFailed'] },
      { source: ['order-saga.workflow'], 'detail-type': ['OrderFailed'], detail: { errorKind: ['technical'] } },
    ]);
    const matched = Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'MatchedEvents' } }));
    for (const alarm of matched) {
      expect(alarm.Properties.Dimensions.map((d: any) => d.Name)).toEqual(['EventBusName', 'RuleName']);
    }
  });
});

test('outputs: state machine ARN, bus name, table names, topic ARN', () => {
  expect(Object.keys(template.toJSON().Outputs).sort()).toEqual(
    ['AlarmTopicArn', 'EventBusName', 'InventoryTableName', 'OrdersTableName', 'PaymentsTableName', 'ShipmentsTableName', 'StateMachineArn'],
  );
});
