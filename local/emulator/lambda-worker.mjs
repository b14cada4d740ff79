// One Lambda sandbox: runs a single function's bundle in its own worker thread, so each function has
// its own module state and its own environment variables, as on AWS. Plain JavaScript on purpose: it
// loads the very bundle `cdk deploy` uploads, with no TypeScript loader in between.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const { entry, exportName, functionName, memoryMb, timeScale } = workerData;
const module = await import(pathToFileURL(entry).href);
const handler = module[exportName];
if (typeof handler !== 'function') {
  throw new Error(`${entry} exports no function named ${exportName}`);
}
await primeDynamoDb();

/**
 * Locally every wait and timeout is scaled down, but a first request's one-off costs are not
 * (loading the SDK's code, opening a connection): a first call could then outlast its step's scaled
 * timeout. They are paid here, before the sandbox reports ready, with a read-only call.
 */
async function primeDynamoDb() {
  if (!process.env.AWS_ENDPOINT_URL_DYNAMODB) return;
  try {
    const { DynamoDBClient, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
    await import('@aws-sdk/lib-dynamodb');
    const client = new DynamoDBClient({});
    await client.send(new ListTablesCommand({ Limit: 1 }));
    client.destroy();
  } catch {
    // A function that does not use the SDK: nothing to prime.
  }
}

parentPort.on('message', async ({ id, event, requestId, deadline }) => {
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: true,
    // The handler sees the time it has left on the same (scaled) clock the host enforces.
    getRemainingTimeInMillis: () => Math.max(0, Math.round((deadline - Date.now()) / (timeScale || 1))),
  };
  try {
    const result = await handler(event, context);
    parentPort.postMessage({ id, result: result === undefined ? null : result });
  } catch (error) {
    // What the Node.js runtime reports for an uncaught handler error.
    const isError = error instanceof Error;
    parentPort.postMessage({
      id,
      error: {
        errorType: isError ? error.name : 'Error',
        errorMessage: isError ? error.message : String(error),
        trace: isError && error.stack ? error.stack.split('\n') : [],
      },
    });
  }
});
parentPort.postMessage({ ready: true });
