/**
 * CreateStateMachineAlias, DescribeStateMachineAlias, UpdateStateMachineAlias,
 * DeleteStateMachineAlias, ListStateMachineAliases. An alias routes executions to one or two
 * versions of one state machine, by weight.
 */
import { arns, parseStateMachineArn } from '../arns';
import { errors } from '../errors';
import { paginate } from '../pagination';
import type { LocalStepFunctions } from '../service';
import type { Alias, RoutingEntry, StateMachineRecord } from '../store/state-machines';
import type { ActionContext, ActionInput, ActionOutput } from './context';

/** The state machine whose versions a routing configuration names, after AWS's checks on it. */
function checkRouting(service: LocalStepFunctions, routing: RoutingEntry[]): StateMachineRecord {
  const listed = `[${routing.map((r) => r.stateMachineVersionArn).join(', ')}]`;
  const refs = routing.map((r) => parseStateMachineArn(r.stateMachineVersionArn, service.where));
  if (refs.some((ref) => ref.kind !== 'version')) throw errors.validation(`Routing configuration must contain state machine version ARNs. Received: ${listed}`);
  if (new Set(routing.map((r) => r.stateMachineVersionArn)).size !== routing.length) {
    throw errors.validation(`Routing configuration must contain distinct state machine version ARNs. Received: ${listed}`);
  }
  if (new Set(refs.map((ref) => ref.name)).size !== 1) {
    throw errors.validation(`Routing configuration must contain state machine version ARNs of the same state machine. Received: ${listed}`);
  }
  const total = routing.reduce((sum, r) => sum + r.weight, 0);
  if (total !== 100) throw errors.validation(`Sum of routing configuration weights must equal 100. Received: [${routing.map((r) => r.weight).join(', ')}]`);
  const record = refs[0].local ? service.stateMachines.get(refs[0].name) : undefined;
  for (const [i, ref] of refs.entries()) {
    if (!record || ref.kind !== 'version' || !record.versions.has(ref.version)) {
      throw errors.resourceNotFound(`Resource not found: '${routing[i].stateMachineVersionArn}'`, routing[i].stateMachineVersionArn);
    }
  }
  return record!;
}

function routingOf(routing: RoutingEntry[]): RoutingEntry[] {
  return routing.map(({ stateMachineVersionArn, weight }) => ({ stateMachineVersionArn, weight }));
}

/** An alias by ARN, or AWS's ResourceNotFound. */
function aliasOf(service: LocalStepFunctions, arn: string): { record: StateMachineRecord; alias: Alias } {
  const ref = parseStateMachineArn(arn, service.where);
  if (ref.kind !== 'alias') throw errors.invalidArn(arn, `Resource type not valid in this context: ${ref.kind === 'version' ? 'version' : 'stateMachine'}`);
  const record = ref.local ? service.stateMachines.get(ref.name) : undefined;
  const alias = record?.aliases.get(ref.alias);
  if (!record || !alias) throw errors.resourceNotFound(undefined, arn);
  return { record, alias };
}

export function createStateMachineAlias(input: ActionInput, { service }: ActionContext): ActionOutput {
  const routing = routingOf(input.routingConfiguration);
  const record = checkRouting(service, routing);
  const arn = arns.alias(service.where, record.name, input.name);
  const existing = record.aliases.get(input.name);
  if (existing) {
    const same = JSON.stringify(existing.routingConfiguration) === JSON.stringify(routing) && existing.description === input.description;
    if (!same) throw errors.conflict('Failed to create alias because an alias with the same name and a different routing configuration already exists.');
    return { stateMachineAliasArn: existing.arn, creationDate: existing.creationDate };
  }
  const alias: Alias = { arn, name: input.name, description: input.description, routingConfiguration: routing, creationDate: new Date() };
  record.aliases.set(alias.name, alias);
  return { stateMachineAliasArn: arn, creationDate: alias.creationDate };
}

export function describeStateMachineAlias(input: ActionInput, { service }: ActionContext): ActionOutput {
  const { alias } = aliasOf(service, input.stateMachineAliasArn);
  return {
    stateMachineAliasArn: alias.arn,
    name: alias.name,
    description: alias.description,
    routingConfiguration: alias.routingConfiguration,
    creationDate: alias.creationDate,
    updateDate: alias.updateDate,
  };
}

export function updateStateMachineAlias(input: ActionInput, { service }: ActionContext): ActionOutput {
  if (input.description === undefined && input.routingConfiguration === undefined) {
    throw errors.validation('Either the description or the routing configuration must be specified');
  }
  const { alias } = aliasOf(service, input.stateMachineAliasArn);
  if (input.routingConfiguration !== undefined) {
    const routing = routingOf(input.routingConfiguration);
    checkRouting(service, routing);
    alias.routingConfiguration = routing;
  }
  if (input.description !== undefined) alias.description = input.description;
  alias.updateDate = new Date();
  return { updateDate: alias.updateDate };
}

export function deleteStateMachineAlias(input: ActionInput, { service }: ActionContext): ActionOutput {
  const ref = parseStateMachineArn(input.stateMachineAliasArn, service.where);
  if (ref.kind !== 'alias') throw errors.invalidArn(input.stateMachineAliasArn, `Resource type not valid in this context: ${ref.kind === 'version' ? 'version' : 'stateMachine'}`);
  // Deleting an alias that does not exist succeeds (recorded on AWS).
  if (ref.local) service.stateMachines.get(ref.name)?.aliases.delete(ref.alias);
  return {};
}

export function listStateMachineAliases(input: ActionInput, { service }: ActionContext): ActionOutput {
  const record = service.stateMachine(input.stateMachineArn);
  const aliases = [...record.aliases.values()];
  const { page, nextToken } = paginate(aliases, `aliases ${record.arn}`, input.maxResults, input.nextToken);
  return { stateMachineAliases: page.map((a) => ({ stateMachineAliasArn: a.arn, creationDate: a.creationDate })), nextToken };
}
