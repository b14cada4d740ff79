import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { type ExecutionRef, regionOfArn, stackName, type TargetArgs } from './args';
import { localEndpoint, localRegion } from './endpoint';
import { CliError } from './errors';
import { findLocalStateMachineArn } from './localStateMachine';
import { findStateMachineArn } from './stateMachineArn';

/** What bin/order.ts builds the clients from: a region, and for a local server its endpoint. */
export type ClientFactory = (
  region: string | undefined,
  local?: { endpoint: string; credentials?: { accessKeyId: string; secretAccessKey: string } },
) => { sfn: SFNClient; cfn: CloudFormationClient };

/** The clients of one command, and how it finds its state machine and executions. */
export interface Session {
  sfn: SFNClient;
  /** The local server's URL, or undefined on AWS: it changes the links and the error sentences. */
  localEndpoint?: string;
  stateMachineArn(): Promise<string>;
  executionArn(ref: ExecutionRef): Promise<string>;
}

/**
 * Picks AWS or a local server (`--local`, `AWS_ENDPOINT_URL_SFN`), and the region: an ARN names its
 * own region on AWS; otherwise the SDK's chain (AWS_REGION, the profile) decides. `knownArn` is an
 * execution ARN the command was given, if any.
 */
export function openSession(target: TargetArgs, env: NodeJS.ProcessEnv, clients: ClientFactory, knownArn?: string): Session {
  const local = localEndpoint(target.local, env);
  if (local && target.stack !== undefined) {
    throw new CliError(
      `--stack names a CloudFormation stack, and the local server at ${local.endpoint} has none: drop it, or pass --arn to pick a state machine.`,
    );
  }
  const region = local
    ? localRegion(target.region, env)
    : (target.region ?? regionOfArn(target.arn ?? knownArn ?? ''));
  const { sfn, cfn } = clients(region, local && { endpoint: local.endpoint, credentials: local.credentials });

  let cached: Promise<string> | undefined;
  const stateMachineArn = () =>
    (cached ??= target.arn
      ? Promise.resolve(target.arn)
      : local
        ? findLocalStateMachineArn(sfn, local.endpoint)
        : findStateMachineArn(cfn, stackName(target)));

  return {
    sfn,
    localEndpoint: local?.endpoint,
    stateMachineArn,
    async executionArn(ref) {
      if ('arn' in ref) return ref.arn;
      // A standard execution's ARN is its state machine's, with `execution` and the name.
      const machine = await stateMachineArn();
      return `${machine.replace(':stateMachine:', ':execution:')}:${ref.name}`;
    },
  };
}
