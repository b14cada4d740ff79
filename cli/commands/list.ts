import { type ExecutionListItem, paginateListExecutions } from '@aws-sdk/client-sfn';
import type { Command } from '../args';
import { explainAwsError } from '../awsErrors';
import type { OrderCliDeps } from '../deps';
import { EXIT_SUCCEEDED } from '../errors';
import { openSession } from '../session';

/** `list [--status S]`: every execution of the state machine, newest first, one line each, every page. */
export async function list(command: Extract<Command, { kind: 'list' }>, deps: OrderCliDeps): Promise<number> {
  const session = openSession(command.target, deps.env, deps.clients);
  const stateMachineArn = await session.stateMachineArn();
  let count = 0;
  try {
    const pages = paginateListExecutions(
      { client: session.sfn, pageSize: 100 },
      { stateMachineArn, ...(command.status ? { statusFilter: command.status } : {}) },
    );
    for await (const page of pages) {
      // Printed page by page: a long list shows up while the rest is read.
      for (const execution of page.executions ?? []) deps.out(listLine(execution));
      count += page.executions?.length ?? 0;
    }
  } catch (err) {
    throw explainAwsError(err, `listing the executions of ${stateMachineArn}`, session.localEndpoint);
  }
  const what = `${command.status ? `${command.status} ` : ''}execution${count === 1 ? '' : 's'}`;
  deps.out(`${count === 0 ? 'No' : count} ${what} of ${stateMachineArn}.`);
  return EXIT_SUCCEEDED;
}

/** `SUCCEEDED  2026-01-01T10:00:00Z     4.20s  ord-happy-0001-k3x9q2`: the name last, so columns align. */
function listLine(execution: ExecutionListItem): string {
  const started = execution.startDate;
  const stopped = execution.stopDate;
  const duration = started && stopped ? `${((stopped.getTime() - started.getTime()) / 1000).toFixed(2)}s` : '-';
  const when = started ? started.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-';
  return `${(execution.status ?? '?').padEnd(9)}  ${when}  ${duration.padStart(9)}  ${execution.name ?? '?'}`;
}
