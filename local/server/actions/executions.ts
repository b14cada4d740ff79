/**
 * StartExecution, StopExecution, DescribeExecution, DescribeStateMachineForExecution,
 * ListExecutions, GetExecutionHistory.
 */
import { arns, assertValidName, parseExecutionArn, parseStateMachineArn } from '../arns';
import { errors } from '../errors';
import { historyView } from '../history-view';
import { paginate } from '../pagination';
import type { LocalStepFunctions } from '../service';
import type { Target } from '../store/state-machines';
import type { ExecutionRecord } from '../store/executions';
import type { ActionContext, ActionInput, ActionOutput } from './context';

/**
 * How deeply input may nest. JSON parsers cap it (Jackson, which Java services use, at 1000 by
 * default); here it also keeps the engine's recursive walks of a value (JSON text, paths) within
 * the stack, where a document nested 5000 deep would fail the execution with a RangeError.
 */
export const MAX_INPUT_NESTING = 1000;

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count). */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* backslash: skip the escaped character */) i++;
      else if (c === 34 /* closing quote */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123 /* [ { */) deepest = Math.max(deepest, ++depth);
    else if (c === 93 || c === 125 /* ] } */) depth--;
  }
  return deepest;
}

/** The execution input as the engine takes it: JSON text, `{}` when none is given. */
export function parseInput(text: string | undefined): { text: string; value: unknown } {
  const given = text ?? '{}';
  let value: unknown;
  try {
    value = JSON.parse(given);
  } catch (error) {
    throw errors.invalidExecutionInput((error as Error).message);
  }
  const depth = nestingDepth(given);
  if (depth > MAX_INPUT_NESTING) throw errors.invalidExecutionInput(`Document nesting depth (${depth}) exceeds the maximum allowed (${MAX_INPUT_NESTING})`);
  return { text: given, value };
}

/** `stateMachineArn#TestCase` picks a test case of the mock config, as Step Functions Local does. */
export function splitTestCase(arn: string): { arn: string; testCase?: string } {
  const hash = arn.indexOf('#');
  return hash < 0 ? { arn } : { arn: arn.slice(0, hash), testCase: arn.slice(hash + 1) };
}

export function startExecution(input: ActionInput, { service }: ActionContext): ActionOutput {
  const { arn, testCase } = splitTestCase(input.stateMachineArn);
  const target: Target = service.target(arn);
  if (input.name !== undefined) assertValidName(input.name);
  const parsed = parseInput(input.input);
  const express = target.record.type === 'EXPRESS';
  if (!express && input.name !== undefined) {
    // Execution names are unique per state machine: the same name and input while the first one
    // runs is that execution; once it has closed, or with other input, AWS refuses the name.
    const existing = service.executions.get(arns.execution(service.where, target.record.name, input.name));
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === parsed.text) return { executionArn: existing.executionArn, startDate: existing.startDate };
      throw errors.executionAlreadyExists(existing.executionArn);
    }
  }
  const machine = testCase !== undefined ? service.mockedMachine(target, testCase) : undefined;
  const record = service.start({ target, name: input.name, input: parsed.text, parsedInput: parsed.value, express, machine });
  return { executionArn: record.executionArn, startDate: record.startDate };
}

/** A STANDARD execution by ARN; an express execution cannot be looked up, as on AWS. */
export function executionOf(service: LocalStepFunctions, arn: string): ExecutionRecord {
  const ref = parseExecutionArn(arn, service.where);
  if (ref.kind === 'express') throw errors.invalidArn(arn, 'Resource type not valid in this context: express');
  const record = ref.local ? service.executions.get(arn) : undefined;
  if (!record) throw errors.executionDoesNotExist(arn);
  return record;
}

/** How long StopExecution waits for the engine to record the ending (it takes microseconds). */
const STOP_WAIT_MS = 5_000;

export async function stopExecution(input: ActionInput, { service }: ActionContext): Promise<ActionOutput> {
  const record = executionOf(service, input.executionArn);
  if (record.status === 'RUNNING') {
    record.stopped = { error: input.error, cause: input.cause };
    record.abort.abort();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([record.finished, new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(timer);
  }
  return { stopDate: record.stopDate ?? new Date() };
}

export function describeExecution(input: ActionInput, { service }: ActionContext): ActionOutput {
  const r = executionOf(service, input.executionArn);
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    stateMachineVersionArn: r.stateMachineVersionArn,
    stateMachineAliasArn: r.stateMachineAliasArn,
    name: r.name,
    status: r.status,
    startDate: r.startDate,
    stopDate: r.stopDate,
    ...outcomeOf(r),
    redriveCount: 0,
    // RedriveExecution is not offered locally, so no execution is redrivable; the reason is worded as AWS words it.
    redriveStatus: 'NOT_REDRIVABLE',
    redriveStatusReason: `Execution is ${r.status} and cannot be redriven`,
  };
}

/**
 * What DescribeExecution and StartSyncExecution both answer of an execution: its input and output,
 * each with the details AWS adds (always included locally: no data is too large to show), and the
 * error and cause it failed with.
 */
export function outcomeOf(r: ExecutionRecord): ActionOutput {
  return {
    input: r.input,
    inputDetails: { included: true },
    output: r.output,
    outputDetails: r.output !== undefined ? { included: true } : undefined,
    error: r.error,
    cause: r.cause,
  };
}

export function describeStateMachineForExecution(input: ActionInput, { service }: ActionContext): ActionOutput {
  const r = executionOf(service, input.executionArn);
  const rev = r.revision;
  return {
    stateMachineArn: r.stateMachineArn,
    name: r.stateMachineName,
    definition: rev.definition,
    roleArn: rev.roleArn,
    updateDate: rev.since,
    loggingConfiguration: rev.loggingConfiguration,
    tracingConfiguration: rev.tracingConfiguration,
    revisionId: rev.revisionId,
  };
}

export function listExecutions(input: ActionInput, { service }: ActionContext): ActionOutput {
  if (input.mapRunArn !== undefined) throw errors.resourceNotFound(`Resource not found: '${input.mapRunArn}'`, input.mapRunArn);
  if (input.stateMachineArn === undefined) throw errors.validation('Must provide a StateMachine ARN or MapRun ARN');
  const ref = parseStateMachineArn(input.stateMachineArn, service.where);
  const record = ref.local ? service.stateMachines.get(ref.name) : undefined;
  const qualified = ref.kind === 'stateMachine' ? undefined : input.stateMachineArn;
  const exists = record && (ref.kind === 'stateMachine' || (ref.kind === 'version' ? record.versions.has(ref.version) : record.aliases.has(ref.alias)));
  if (!record || !exists) {
    throw ref.kind === 'stateMachine' ? errors.stateMachineDoesNotExist(input.stateMachineArn) : errors.resourceNotFound(undefined, input.stateMachineArn);
  }
  if (record.type === 'EXPRESS') throw errors.typeNotSupported();
  const matching = service.executions
    .ofStateMachine(record.arn)
    .filter((e) => !qualified || e.stateMachineVersionArn === qualified || e.stateMachineAliasArn === qualified)
    .filter((e) => !input.statusFilter || e.status === input.statusFilter)
    // No execution is ever redriven locally.
    .filter(() => input.redriveFilter !== 'REDRIVEN');
  const list = `executions ${input.stateMachineArn} ${input.statusFilter ?? ''} ${input.redriveFilter ?? ''}`;
  const { page, nextToken } = paginate(matching, list, input.maxResults, input.nextToken);
  return {
    executions: page.map((e) => ({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      stateMachineVersionArn: e.stateMachineVersionArn,
      stateMachineAliasArn: e.stateMachineAliasArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate,
      stopDate: e.stopDate,
      redriveCount: 0,
    })),
    nextToken,
  };
}

export function getExecutionHistory(input: ActionInput, { service }: ActionContext): ActionOutput {
  const record = executionOf(service, input.executionArn);
  const events = historyView(record, input.includeExecutionData ?? true);
  if (input.reverseOrder) events.reverse();
  const list = `history ${record.executionArn} ${input.reverseOrder ? 'reverse' : ''} ${input.includeExecutionData === false ? 'no-data' : ''}`;
  const { page, nextToken } = paginate(events, list, input.maxResults, input.nextToken);
  return { events: page, nextToken };
}
