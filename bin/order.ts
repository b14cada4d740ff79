#!/usr/bin/env node
// `npm run order -- examples/<name>.json [--new-id] [--arn ARN] [--region R] [--stack OrderSagaStack]`
// and `npm run order -- start|watch|list|history ... [--local]` (cli/usage.ts has them all).
// Starts, follows and lists executions of the saga on AWS or on the local server; the logic lives in cli/.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { randomSuffix } from '../cli/executionIds';
import { sleep } from '../cli/awaitExecution';
import { runOrder } from '../cli/runOrder';

// The project supports Node 20 (package.json engines); the SDK's notice about its future Node 22
// requirement would bury the one line this command prints on a mistake.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `npm run order -- list | head`: once the reader has had enough, stop quietly, as other
// command-line tools do, instead of dying on the next write with an EPIPE stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

runOrder(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  clients: (region, local) => {
    // Locally only Step Functions is asked (CloudFormation is not read); the endpoint and, when the
    // environment has none, dummy credentials go to both clients alike.
    const config = { region, ...(local && { endpoint: local.endpoint }), ...(local?.credentials && { credentials: local.credentials }) };
    return { sfn: new SFNClient(config), cfn: new CloudFormationClient(config) };
  },
  env: process.env,
  pollIntervalMs: 2000,
  // Half a second after news, doubling while nothing happens, at most 5 s: well within
  // GetExecutionHistory's rate limit on AWS, and a live feel locally.
  backoff: { firstMs: 500, maxMs: 5000 },
  sleep,
  suffix: randomSuffix,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Not a mistake the user can fix: keep the stack trace for the bug report.
    console.error(err);
    process.exitCode = 2;
  },
);
