import { synthesizeOrderSaga } from '../support/synth';
import { CfnTemplate } from '../support/render-definition';

/**
 * Each role's complete policy, statement by statement: an added action or resource fails here.
 * Resources read as the saga's names (`table:orders`, `fn:chargePayment`) or, for resources
 * without one, their construct path (`log-group:HandlersChargePaymentLogs`).
 */
let template: CfnTemplate;
beforeAll(() => {
  template = synthesizeOrderSaga().template;
}, 120_000);

interface Statement {
  effect: string;
  actions: string[];
  resources: string[];
}

const withoutHash = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');

function label(value: any): string {
  if (typeof value === 'string') return value;
  const getAtt = value['Fn::GetAtt'];
  if (getAtt) {
    const resource = template.Resources[getAtt[0]];
    const name = resource.Metadata?.['order-saga:name'];
    const kind = { 'AWS::Lambda::Function': 'fn', 'AWS::DynamoDB::Table': 'table', 'AWS::Events::EventBus': 'bus', 'AWS::Logs::LogGroup': 'log-group' }[resource.Type] ?? resource.Type;
    return `${kind}:${name ?? withoutHash(getAtt[0])}`;
  }
  if (value['Ref']) return `ref:${withoutHash(value['Ref'])}`;
  const join = value['Fn::Join'];
  if (join) {
    const parts = join[1] as any[];
    // table ARN built by DynamoUpdateItem: arn:<partition>:dynamodb:<region>:<account>:table/<Ref table>
    const tableRef = parts.find((p) => p?.Ref && template.Resources[p.Ref]?.Type === 'AWS::DynamoDB::Table');
    if (tableRef && parts.some((p) => typeof p === 'string' && p.endsWith(':table/'))) {
      return `table:${template.Resources[tableRef.Ref].Metadata?.['order-saga:name']}`;
    }
    return parts.map((p) => label(p)).join('');
  }
  if (value['Fn::Sub']) return value['Fn::Sub'];
  throw new Error(`unexpected resource ${JSON.stringify(value)}`);
}

function policyOf(roleLogicalIdPrefix: string): { statements: Statement[]; managed: string[] } {
  const roleIds = Object.keys(template.Resources).filter(
    (id) => template.Resources[id].Type === 'AWS::IAM::Role' && withoutHash(id) === roleLogicalIdPrefix,
  );
  expect(roleIds).toHaveLength(1);
  const [roleId] = roleIds;
  const role = template.Resources[roleId];
  const attached = Object.values(template.Resources).filter(
    (r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId),
  );
  const raw = [
    ...attached.flatMap((p) => p.Properties.PolicyDocument.Statement),
    ...(role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement),
  ];
  const statements = raw.map((s: any) => {
    expect(s.Condition).toBeUndefined();
    expect(s.NotAction).toBeUndefined();
    expect(s.NotResource).toBeUndefined();
    return {
      effect: s.Effect,
      actions: [s.Action].flat().sort(),
      resources: [s.Resource].flat().map(label).sort(),
    };
  });
  return { statements, managed: (role.Properties.ManagedPolicyArns ?? []).map(label) };
}

const allow = (actions: string[], resources: string[]): Statement => ({
  effect: 'Allow',
  actions: [...actions].sort(),
  resources: [...resources].sort(),
});
const XRAY = allow(['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], ['*']);
const ownLogs = (pascalName: string) =>
  allow(['logs:CreateLogStream', 'logs:PutLogEvents'], [`log-group:Handlers${pascalName}Logs`]);

describe('each handler role holds exactly what its handler uses', () => {
  const expected: Record<string, Statement[]> = {
    ValidateOrder: [],
    AssessFraudRisk: [],
    VerifyAddress: [],
    ReserveInventory: [
      allow(['dynamodb:GetItem', 'dynamodb:PutItem'], ['table:orders']),
      allow(['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'], ['table:inventory']),
    ],
    ChargePayment: [allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], ['table:payments'])],
    CheckPayment: [allow(['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['table:payments'])],
    RefundPayment: [allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], ['table:payments'])],
    ReleaseInventory: [
      allow(['dynamodb:GetItem', 'dynamodb:UpdateItem'], ['table:orders']),
      allow(['dynamodb:UpdateItem'], ['table:inventory']),
    ],
    CreateShipment: [allow(['dynamodb:GetItem', 'dynamodb:PutItem'], ['table:shipments'])],
    CancelShipments: [allow(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], ['table:shipments'])],
  };
  test.each(Object.keys(expected))('%s', (name) => {
    const { statements, managed } = policyOf(`Handlers${name}Role`);
    expect(managed).toEqual([]);
    expect(statements).toEqual([ownLogs(name), XRAY, ...expected[name]]);
  });
});

test('the state machine role invokes its ten functions, updates orders, puts events on its bus, logs and traces', () => {
  const functions = [
    'validateOrder', 'assessFraudRisk', 'verifyAddress', 'reserveInventory', 'chargePayment', 'checkPayment',
    'refundPayment', 'releaseInventory', 'createShipment', 'cancelShipments',
  ];
  const { statements, managed } = policyOf('WorkflowStateMachineRole');
  expect(managed).toEqual([]);
  expect(statements).toEqual([
    allow(['lambda:InvokeFunction'], functions.flatMap((f) => [`fn:${f}`, `fn:${f}:*`])),
    allow(['dynamodb:UpdateItem'], ['table:orders']),
    allow(['events:PutEvents'], ['bus:bus']),
    // What CDK adds for CloudWatch Logs delivery and X-Ray (neither has resource-level permissions).
    allow(
      [
        'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies',
        'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:UpdateLogDelivery',
        'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
      ],
      ['*'],
    ),
  ]);
});

test('the OrderPlaced rule may only start executions of the saga', () => {
  const { statements, managed } = policyOf('WorkflowStateMachineEventsRole');
  expect(managed).toEqual([]);
  expect(statements).toEqual([allow(['states:StartExecution'], ['ref:WorkflowStateMachine'])]);
});

test('the inventory seed may only put items into the inventory table (its transaction is authorised item by item)', () => {
  const { statements, managed } = policyOf('AWS679f53fac002430cb0da5b7982bd2287ServiceRole');
  // CDK's AwsCustomResource provider: the basic execution policy is its own (acknowledged for cdk-nag).
  expect(managed).toEqual(['arn:ref:AWS::Partition:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']);
  expect(statements).toEqual([allow(['dynamodb:PutItem'], ['table:inventory'])]);
});

test('there are no other roles', () => {
  const roles = Object.keys(template.Resources).filter((id) => template.Resources[id].Type === 'AWS::IAM::Role');
  expect(roles.map(withoutHash).sort()).toEqual(
    [
      ...['ValidateOrder', 'AssessFraudRisk', 'VerifyAddress', 'ReserveInventory', 'ChargePayment', 'CheckPayment',
        'RefundPayment', 'ReleaseInventory', 'CreateShipment', 'CancelShipments'].map((n) => `Handlers${n}Role`),
      'WorkflowStateMachineRole',
      'WorkflowStateMachineEventsRole',
      'AWS679f53fac002430cb0da5b7982bd2287ServiceRole',
    ].sort(),
  );
});

test('resource policies: the DLQ takes messages from its rule only, the alerts log group from EventBridge only', () => {
  const queuePolicy = Object.values(template.Resources).find((r) => r.Type === 'AWS::SQS::QueuePolicy')!;
  expect(queuePolicy.Properties.PolicyDocument.Statement).toEqual([
    expect.objectContaining({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    expect.objectContaining({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Principal: { Service: 'events.amazonaws.com' },
      Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^OrderPlacedRule/), 'Arn'] } } },
    }),
  ]);
  const logsPolicy = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Logs::ResourcePolicy');
  expect(logsPolicy).toHaveLength(1);
  const document = JSON.stringify(logsPolicy[0].Properties.PolicyDocument);
  expect(document).toContain('\\"Action\\":[\\"logs:CreateLogStream\\",\\"logs:PutLogEvents\\"]');
  expect(document).toContain('\\"Service\\":[\\"events.amazonaws.com\\",\\"delivery.logs.amazonaws.com\\"]');
  expect(document).toContain('AlarmsAlertEvents');
});
