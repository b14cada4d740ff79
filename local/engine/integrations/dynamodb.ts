import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { StatesError } from '../errors';
import type { EngineOptions } from '../types';
import { missingOption, sdkMetadata } from './service-call';

/** The DynamoDB integrations: the parameters are the API's own (PascalCase, typed attribute values). */
const COMMANDS = {
  putItem: PutItemCommand,
  getItem: GetItemCommand,
  updateItem: UpdateItemCommand,
  deleteItem: DeleteItemCommand,
} as const;

export const DYNAMODB_ACTIONS = new Set(Object.keys(COMMANDS));

export async function callDynamoDb(action: string, parameters: unknown, options: EngineOptions): Promise<unknown> {
  const client = options.services?.dynamodb;
  if (!client) throw missingOption('services.dynamodb client', `arn:aws:states:::dynamodb:${action}`);
  const Command = COMMANDS[action as keyof typeof COMMANDS];
  let response: Record<string, unknown>;
  try {
    response = await client.send(new (Command as new (input: never) => unknown)(parameters as never));
  } catch (e) {
    const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number; requestId?: string } };
    const name = err.name && err.name !== 'Error' ? err.name : 'AmazonDynamoDBException';
    throw new StatesError(
      `DynamoDB.${name}`,
      `${err.message ?? name} (Service: AmazonDynamoDBv2; Status Code: ${err.$metadata?.httpStatusCode ?? 400}; Error Code: ${name}; Request ID: ${err.$metadata?.requestId ?? randomUUID()}; Proxy: null)`,
    );
  }
  const { $metadata, ...result } = response;
  void $metadata;
  return { ...result, ...sdkMetadata(JSON.stringify(result).length) };
}
