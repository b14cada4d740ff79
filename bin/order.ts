#!/usr/bin/env node
// `npm run order -- examples/<name>.json [--new-id] [--arn ARN] [--region R] [--stack OrderSagaStack]`
// Starts an execution of the deployed saga and waits for it; the logic lives in cli/.
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SFNClient } from '@aws-sdk/client-sfn';
import { randomSuffix } from '../cli/executionIds';
import { sleep } from '../cli/awaitExecution';
import { runOrder } from '../cli/runOrder';

// The project supports Node 20 (package.json engines); the SDK's notice about its future Node 22
// requirement would bury the one line this command prints on a mistake.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

runOrder(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  clients: (region) => ({ sfn: new SFNClient({ region }), cfn: new CloudFormationClient({ region }) }),
  pollIntervalMs: 2000,
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
