/**
 * The Step Functions actions the local server answers, by name (the `X-Amz-Target` suffix). An
 * action the service model knows but this table lacks (activities, task tokens, map runs,
 * RedriveExecution) gets AWS's UnknownOperationException, as an unknown name does.
 *
 * Registration point: `registerAction` adds or replaces an action. The server registers
 * ValidateStateMachineDefinition and TestState (local/server/validation, local/server/test-state)
 * through it, in extensions.ts.
 */
import type { ActionHandler } from './context';
import * as aliases from './aliases';
import * as executions from './executions';
import * as stateMachines from './state-machines';
import { startSyncExecution } from './sync-execution';
import * as tags from './tags';
import * as versions from './versions';

export type { ActionContext, ActionHandler, ActionInput, ActionOutput } from './context';

export type ActionTable = Map<string, ActionHandler>;

/** The actions of the core service (state machines, executions, versions, aliases, tags). */
export function coreActions(): ActionTable {
  return new Map<string, ActionHandler>([
    ['CreateStateMachine', stateMachines.createStateMachine],
    ['UpdateStateMachine', stateMachines.updateStateMachine],
    ['DeleteStateMachine', stateMachines.deleteStateMachine],
    ['DescribeStateMachine', stateMachines.describeStateMachine],
    ['ListStateMachines', stateMachines.listStateMachines],
    ['StartExecution', executions.startExecution],
    ['StartSyncExecution', startSyncExecution],
    ['StopExecution', executions.stopExecution],
    ['DescribeExecution', executions.describeExecution],
    ['DescribeStateMachineForExecution', executions.describeStateMachineForExecution],
    ['ListExecutions', executions.listExecutions],
    ['GetExecutionHistory', executions.getExecutionHistory],
    ['PublishStateMachineVersion', versions.publishStateMachineVersion],
    ['ListStateMachineVersions', versions.listStateMachineVersions],
    ['DeleteStateMachineVersion', versions.deleteStateMachineVersion],
    ['CreateStateMachineAlias', aliases.createStateMachineAlias],
    ['DescribeStateMachineAlias', aliases.describeStateMachineAlias],
    ['UpdateStateMachineAlias', aliases.updateStateMachineAlias],
    ['DeleteStateMachineAlias', aliases.deleteStateMachineAlias],
    ['ListStateMachineAliases', aliases.listStateMachineAliases],
    ['TagResource', tags.tagResource],
    ['UntagResource', tags.untagResource],
    ['ListTagsForResource', tags.listTagsForResource],
  ]);
}

/** Adds (or replaces) an action: the way other parts of the server plug in their actions. */
export function registerAction(table: ActionTable, name: string, handler: ActionHandler): void {
  table.set(name, handler);
}
