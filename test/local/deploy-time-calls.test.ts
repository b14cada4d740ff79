// The emulator's stand-in for CDK's AwsCustomResource: the deploy-time calls exactly as the
// synthesized template has them, run against DynamoDB Local (the run's shared one, in a database of
// this file's own, since the emulator names tables by logical id).
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { catalog } from '../../seed/catalog';
import { STACK_NAME } from '../../lib/order-saga-app';
import { runDeployTimeCall } from '../../local/emulator/deploy-time-calls';
import { describeLocalStack, type LocalStack } from '../../local/emulator/local-stack';
import { createTableFromTemplate } from '../../local/emulator/tables';
import { startDynamoDbLocal, type DynamoDbLocal } from '../support/dynamodb-local';
import { synthesizeOrderSaga } from '../support/synth';

let db: DynamoDbLocal;
let stack: LocalStack;

beforeAll(async () => {
  const { assemblyDir, template } = synthesizeOrderSaga();
  stack = describeLocalStack({ stackName: STACK_NAME, assemblyDir, template });
  db = await startDynamoDbLocal({ isolated: true });
  for (const table of stack.tables) await createTableFromTemplate(db.client, table);
}, 120_000);

afterAll(() => db?.stop(), 30_000);

async function inventory(client: DynamoDBClient): Promise<Array<[string, number]>> {
  const table = stack.tables.find((t) => t.logicalId.startsWith('TablesInventory'))!;
  const { Items = [] } = await client.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }));
  return Items.map((item) => [item.sku.S!, Number(item.stock.N)] as [string, number]).sort(([a], [b]) => a.localeCompare(b));
}

const catalogueStock = () => catalog.map((c) => [c.sku, c.stock] as [string, number]).sort(([a], [b]) => a.localeCompare(b));

test("the template's seed writes every catalogue item, and writing it again (a redeploy) changes nothing", async () => {
  expect(stack.deployTimeCalls.map((c) => `${c.service}.${c.action}`)).toEqual(['DynamoDB.transactWriteItems']);
  for (const call of stack.deployTimeCalls) await runDeployTimeCall(db.client, call);
  expect(await inventory(db.client)).toEqual(catalogueStock());
  for (const call of stack.deployTimeCalls) await runDeployTimeCall(db.client, call);
  expect(await inventory(db.client)).toEqual(catalogueStock());
});

test('a call DynamoDB refuses fails, as it fails the deploy', async () => {
  const [seed] = stack.deployTimeCalls;
  const missingTable = JSON.parse(JSON.stringify(seed.parameters).replace(/"TableName":"[^"]+"/g, '"TableName":"no-such-table"'));
  await expect(runDeployTimeCall(db.client, { ...seed, parameters: missingTable })).rejects.toThrow(/ResourceNotFound|non-existent table/);
});

test('a BatchWriteItem answer with UnprocessedItems fails, naming them, instead of dropping them as AWS would', async () => {
  // DynamoDB Local never throttles, so the answer comes from a stand-in client.
  const partial = { send: async () => ({ UnprocessedItems: { inventory: [{ PutRequest: {} }, { PutRequest: {} }], other: [] } }) };
  const call = { logicalId: 'Seed', service: 'DynamoDB', action: 'batchWriteItem', parameters: { RequestItems: {} } };
  await expect(runDeployTimeCall(partial, call)).rejects.toThrow(
    'Seed: batchWriteItem left items unprocessed (2 in inventory); on AWS the custom resource would drop them silently',
  );
});

test('the action may be named as AwsCustomResource accepts it; another service is named as unsupported', async () => {
  const sent: string[] = [];
  const recorder = { send: async (command: never) => void sent.push((command as object).constructor.name) };
  for (const action of ['putItem', 'PutItem', 'PutItemCommand']) {
    await runDeployTimeCall(recorder, { logicalId: 'Seed', service: 'dynamodb', action, parameters: {} });
  }
  expect(sent).toEqual(['PutItemCommand', 'PutItemCommand', 'PutItemCommand']);
  await expect(runDeployTimeCall(recorder, { logicalId: 'Topic', service: 'SNS', action: 'publish', parameters: {} })).rejects.toThrow(
    'the local emulator cannot run SNS.publish of Topic on deploy',
  );
});
