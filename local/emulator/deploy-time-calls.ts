import * as dynamodb from '@aws-sdk/client-dynamodb';
import type { DeployTimeCall, LocalStack } from './local-stack';
import { createTableFromTemplate } from './tables';

/** The names AwsCustomResource accepts for DynamoDB (SDK v2 constructor, lower-cased, v3 package). */
const DYNAMODB_SERVICE_NAMES = new Set(['DynamoDB', 'dynamodb', '@aws-sdk/client-dynamodb']);

type Send = (command: never) => Promise<unknown>;

/**
 * What CDK's AwsCustomResource does on create: one SDK v3 call, `<Action>Command` of the service's
 * client with the template's parameters, and an error fails the deploy. The DynamoDB ones run here
 * against DynamoDB Local, whatever the action (the inventory seed is one TransactWriteItems).
 *
 * AwsCustomResource never looks at a BatchWriteItem's `UnprocessedItems`: on AWS those items would be
 * dropped without a word. Here such an answer fails instead, naming them, so a template that relies
 * on one call writing everything shows up locally rather than as a missing item on AWS.
 */
export async function runDeployTimeCall(client: { send: Send }, call: DeployTimeCall): Promise<void> {
  const Command = DYNAMODB_SERVICE_NAMES.has(call.service) ? dynamoDbCommand(call.action) : undefined;
  if (!Command) {
    throw new Error(`the local emulator cannot run ${call.service}.${call.action} of ${call.logicalId} on deploy`);
  }
  const response = (await client.send(new Command(call.parameters) as never)) as { UnprocessedItems?: Record<string, unknown[]> };
  const unprocessed = Object.entries(response?.UnprocessedItems ?? {}).filter(([, requests]) => requests.length > 0);
  if (unprocessed.length > 0) {
    const counts = unprocessed.map(([table, requests]) => `${requests.length} in ${table}`).join(', ');
    throw new Error(
      `${call.logicalId}: ${call.action} left items unprocessed (${counts}); on AWS the custom resource would drop them silently`,
    );
  }
}

/** `transactWriteItems`, `TransactWriteItems` or `TransactWriteItemsCommand`: the SDK v3 command class. */
function dynamoDbCommand(action: string): (new (input: unknown) => unknown) | undefined {
  const name = `${action.charAt(0).toUpperCase()}${action.slice(1).replace(/Command$/, '')}Command`;
  const candidate = (dynamodb as Record<string, unknown>)[name];
  return typeof candidate === 'function' ? (candidate as new (input: unknown) => unknown) : undefined;
}

/** The stack's tables as a deploy leaves them: created as the template defines them, then seeded by its deploy-time calls. */
export async function deployTables(client: dynamodb.DynamoDBClient, stack: Pick<LocalStack, 'tables' | 'deployTimeCalls'>): Promise<void> {
  for (const table of stack.tables) await createTableFromTemplate(client, table);
  for (const call of stack.deployTimeCalls) await runDeployTimeCall(client, call);
}
