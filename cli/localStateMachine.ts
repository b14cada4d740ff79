import { paginateListStateMachines, type SFNClient, type StateMachineListItem } from '@aws-sdk/client-sfn';
import { explainAwsError } from './awsErrors';
import { CliError } from './errors';

/**
 * The name the local server gives this app's state machine. Locally every resource is named after
 * its logical id (local/emulator/local-stack.ts), and CDK writes the logical id of the construct
 * Workflow/StateMachine as `WorkflowStateMachine` plus an eight-digit hash of its path. The hash is
 * left open so that the CLI need not synthesize the app; test/cli/assumptionsAboutLib.test.ts
 * checks the pattern against the synthesized template.
 */
export const APP_STATE_MACHINE_NAME = /^WorkflowStateMachine[0-9A-F]{8}$/;

/**
 * Locally there is no CloudFormation: the server's own list (ListStateMachines, every page) names
 * the app's state machine. Machines created through the API are ignored unless they take its name.
 */
export async function findLocalStateMachineArn(sfn: SFNClient, endpoint: string): Promise<string> {
  const matches: StateMachineListItem[] = [];
  try {
    for await (const page of paginateListStateMachines({ client: sfn }, {})) {
      matches.push(...(page.stateMachines ?? []).filter((m) => APP_STATE_MACHINE_NAME.test(m.name ?? '')));
    }
  } catch (err) {
    throw explainAwsError(err, 'listing its state machines', endpoint);
  }
  if (matches.length === 1 && matches[0].stateMachineArn) return matches[0].stateMachineArn;
  if (matches.length === 0) {
    throw new CliError(
      `The server at ${endpoint} has no state machine named like this app's (WorkflowStateMachine<hash>): is it \`npm run local\` of this project? Pass --arn to pick another.`,
    );
  }
  const names = matches.map((m) => m.name).join(', ');
  throw new CliError(`The server at ${endpoint} has ${matches.length} state machines named like this app's (${names}): pass --arn to pick one.`);
}
