import { CloudFormationClient, DescribeStacksCommand, type Output } from '@aws-sdk/client-cloudformation';
import { CliError } from './errors';
import { explainAwsError } from './awsErrors';

/** The CfnOutput key the stack (lib/) gives its state machine ARN; any state machine ARN output is accepted too. */
export const STATE_MACHINE_OUTPUT_KEY = 'StateMachineArn';

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:/;

/** Reads the state machine ARN from the deployed stack's outputs (CloudFormation DescribeStacks). */
export async function findStateMachineArn(cfn: CloudFormationClient, stackName: string): Promise<string> {
  let outputs: Output[];
  try {
    const { Stacks = [] } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = Stacks[0]?.Outputs ?? [];
  } catch (err) {
    if (isMissingStack(err)) {
      const region = await regionOf(cfn);
      throw new CliError(
        `Stack ${stackName} does not exist in ${region}: deploy it with \`npx cdk deploy\`, or pass --stack, --region or --arn.`,
      );
    }
    throw explainAwsError(err, `reading the outputs of stack ${stackName}`);
  }
  const arn =
    outputs.find((o) => o.OutputKey === STATE_MACHINE_OUTPUT_KEY)?.OutputValue ??
    outputs.find((o) => STATE_MACHINE_ARN.test(o.OutputValue ?? ''))?.OutputValue;
  if (!arn) {
    throw new CliError(
      `Stack ${stackName} has no state machine ARN among its outputs (is it deployed completely?): redeploy it or pass --arn.`,
    );
  }
  return arn;
}

// CloudFormation answers a missing stack with a generic ValidationError; only the message tells.
function isMissingStack(err: unknown): boolean {
  return (
    err instanceof Error && err.name === 'ValidationError' && /does not exist/i.test(err.message)
  );
}

async function regionOf(cfn: CloudFormationClient): Promise<string> {
  try {
    return await cfn.config.region();
  } catch {
    return 'this region';
  }
}
