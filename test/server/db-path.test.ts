/**
 * `--db-path DIR`: DynamoDB Local keeps its data in DIR, so a restarted server finds the stock and
 * the orders as the last run left them (not seeded again), while executions, which live in the
 * server's memory, are gone with the process that ran them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DescribeExecutionCommand, ListExecutionsCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { LocalServer } from '../../local/server/start-server';
import { example, SERVER_START_TIMEOUT_MS, sfnClient, startTestServer, waitForEnd } from './support/server';

let dir: string;
let server: LocalServer | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-saga-db-'));
});

afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function stock(s: LocalServer, sku: string): Promise<number> {
  const item = (await s.emulator.scan('InventoryTableName')).find((row) => row.sku === sku);
  return Number(item?.stock);
}

test('a restart finds the data as it was, not re-seeded, and none of the executions', async () => {
  server = await startTestServer({ dbPath: dir });
  let sfn = sfnClient(server);
  expect(await stock(server, 'SKU-BOOK-001')).toBe(100);
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: server.stateMachineArn, input: JSON.stringify(example('happy.json')) }));
  expect((await waitForEnd(sfn, executionArn!)).status).toBe('SUCCEEDED');
  expect(await stock(server, 'SKU-BOOK-001')).toBe(98);
  sfn.destroy();
  await server.stop();
  server = undefined;

  server = await startTestServer({ dbPath: dir });
  sfn = sfnClient(server);
  expect(await stock(server, 'SKU-BOOK-001')).toBe(98);
  const orders = await server.emulator.scan('OrdersTableName');
  expect(orders.map((row) => row.orderId)).toContain('ord-happy-0001');
  expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn: server.stateMachineArn }))).executions).toEqual([]);
  await expect(sfn.send(new DescribeExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
  sfn.destroy();
}, 2 * SERVER_START_TIMEOUT_MS);
