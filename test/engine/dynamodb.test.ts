// The DynamoDB optimized integrations (putItem/getItem/updateItem/deleteItem) through the real AWS
// SDK against a real DynamoDB Local (the run's shared one, in a database of this file's own). Results and error names
// follow "Call DynamoDB APIs with Step Functions": the SDK response, errors as DynamoDB.<Exception>.
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local';
import { machine, parse, single, types } from './support';

const TABLE = 'engine-test-items';
let db: DynamoDbLocal;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  // A database of its own (its own access key), on the run's shared DynamoDB Local.
  db = await startDynamoDbLocal({ isolated: true });
  dynamodb = db.client;
  await dynamodb.send(new CreateTableCommand({
    TableName: TABLE,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
}, 30_000);

afterAll(() => db?.stop(), 30_000);

const start = (definition: unknown, input: unknown = {}) =>
  machine(definition, {}, { services: { dynamodb } } as never).sm.start(input);

describe('DynamoDB integrations (JSONPath)', () => {
  test('putItem writes the item; getItem reads it back in AttributeValue form', async () => {
    const put = await start(
      single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: TABLE, Item: { pk: { 'S.$': '$.id' }, n: { N: '1' } } } }),
      { id: 'a' },
    );
    expect(put.status).toBe('SUCCEEDED');
    const stored = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'a' } } }));
    expect(stored.Item).toEqual({ pk: { S: 'a' }, n: { N: '1' } });

    const get = await start(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: TABLE, Key: { pk: { S: 'a' } } } }));
    expect(get.output).toMatchObject({ Item: { pk: { S: 'a' }, n: { N: '1' } } });
  });

  test('history names the dynamodb resource', async () => {
    const execution = await start(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: TABLE, Item: { pk: { S: 'h' } } } }));
    expect(types(execution.history)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']);
    const scheduled = execution.history[2].taskScheduledEventDetails;
    expect(scheduled).toMatchObject({ resourceType: 'dynamodb', resource: 'putItem' });
    expect(parse(scheduled?.parameters)).toEqual({ TableName: TABLE, Item: { pk: { S: 'h' } } });
  });

  test('updateItem with ReturnValues ALL_NEW returns the Attributes', async () => {
    await start(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: TABLE, Item: { pk: { S: 'u' }, n: { N: '1' } } } }));
    const execution = await start(single({
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:updateItem',
      Parameters: { TableName: TABLE, Key: { pk: { S: 'u' } }, UpdateExpression: 'SET n = n + :d', ExpressionAttributeValues: { ':d': { 'N.$': "States.Format('{}', $.by)" } }, ReturnValues: 'ALL_NEW' },
    }), { by: 4 });
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.output).toMatchObject({ Attributes: { pk: { S: 'u' }, n: { N: '5' } } });
  });

  test('deleteItem removes the item', async () => {
    await start(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: TABLE, Item: { pk: { S: 'd' } } } }));
    const execution = await start(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:deleteItem', Parameters: { TableName: TABLE, Key: { pk: { S: 'd' } } } }));
    expect(execution.status).toBe('SUCCEEDED');
    expect((await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'd' } } }))).Item).toBeUndefined();
  });

  test('a failed condition is DynamoDB.ConditionalCheckFailedException, catchable by name', async () => {
    await start(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: TABLE, Item: { pk: { S: 'c' } } } }));
    const putIfAbsent = { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: TABLE, Item: { pk: { S: 'c' } }, ConditionExpression: 'attribute_not_exists(pk)' } };
    const failed = await start(single(putIfAbsent));
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('DynamoDB.ConditionalCheckFailedException');
    expect(failed.history.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toMatchObject({ resourceType: 'dynamodb', resource: 'putItem', error: 'DynamoDB.ConditionalCheckFailedException' });

    const caught = await start({
      StartAt: 'Put',
      States: { Put: { ...putIfAbsent, Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], Next: 'Exists' }], End: true }, Exists: { Type: 'Pass', Result: 'exists', End: true } },
    });
    expect(caught.output).toBe('exists');
  });

  test('a missing table fails the task with DynamoDB.ResourceNotFoundException', async () => {
    const execution = await start(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: 'no-such-table', Key: { pk: { S: 'x' } } } }));
    expect(execution.error).toBe('DynamoDB.ResourceNotFoundException');
  });
});

describe('DynamoDB integrations (JSONata)', () => {
  test('Arguments build the request and Output reads the result', async () => {
    const put = await start(
      single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Arguments: { TableName: TABLE, Item: { pk: { S: '{% $states.input.id %}' }, label: { S: '{% $states.input.label %}' } } } }, 'JSONata'),
      { id: 'j', label: 'jsonata' },
    );
    expect(put.status).toBe('SUCCEEDED');
    const get = await start(
      single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Arguments: { TableName: TABLE, Key: { pk: { S: '{% $states.input.id %}' } } }, Output: '{% $states.result.Item.label.S %}' }, 'JSONata'),
      { id: 'j' },
    );
    expect(get.output).toBe('jsonata');
  });

  test('without a dynamodb client the task fails with States.Runtime', async () => {
    const execution = await machine(single({ Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Arguments: { TableName: TABLE, Key: { pk: { S: 'x' } } } }, 'JSONata')).sm.start({});
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.Runtime');
  });
});
