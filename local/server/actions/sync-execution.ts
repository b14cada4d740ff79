/**
 * StartSyncExecution: runs an EXPRESS state machine to its end and answers with the result.
 * Express executions keep no history (AWS sends it to CloudWatch Logs only), so they cannot be
 * described or listed afterwards.
 */
import { assertValidName } from '../arns';
import { errors } from '../errors';
import type { ActionContext, ActionInput, ActionOutput } from './context';
import { outcomeOf, parseInput, splitTestCase } from './executions';

/** Lambda-style billing as AWS reports it for express executions: 100 ms steps, 64 MB. */
const BILLING_STEP_MS = 100;
const BILLED_MEMORY_MB = 64;

export async function startSyncExecution(input: ActionInput, { service }: ActionContext): Promise<ActionOutput> {
  const { arn, testCase } = splitTestCase(input.stateMachineArn);
  const target = service.target(arn);
  if (target.record.type !== 'EXPRESS') throw errors.typeNotSupported();
  if (input.name !== undefined) assertValidName(input.name);
  const parsed = parseInput(input.input);
  const machine = testCase !== undefined ? service.mockedMachine(target, testCase) : undefined;
  const record = service.start({ target, name: input.name, input: parsed.text, parsedInput: parsed.value, express: true, machine });
  await record.finished;
  const stopDate = record.stopDate ?? new Date();
  const elapsed = Math.max(1, stopDate.getTime() - record.startDate.getTime());
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    startDate: record.startDate,
    stopDate,
    status: record.status,
    ...outcomeOf(record),
    traceHeader: input.traceHeader,
    billingDetails: { billedMemoryUsedInMB: BILLED_MEMORY_MB, billedDurationInMilliseconds: Math.ceil(elapsed / BILLING_STEP_MS) * BILLING_STEP_MS },
  };
}
