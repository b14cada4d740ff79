import { regionOfArn } from './args';

/** The execution's page in the Step Functions console (graph, events, input and output). */
export function consoleLink(executionArn: string): string {
  const region = regionOfArn(executionArn) ?? 'us-east-1';
  return `https://${region}.console.aws.amazon.com/states/home?region=${region}#/v2/executions/details/${executionArn}`;
}

/** The line naming where to see an execution: the AWS console, or the local console's page for it. */
export function executionLinkLine(executionArn: string, localEndpoint: string | undefined): string {
  if (!localEndpoint) return `Console: ${consoleLink(executionArn)}`;
  return `Console: ${localEndpoint}/executions/${executionArn}`;
}
