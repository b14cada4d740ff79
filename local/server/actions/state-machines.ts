/**
 * CreateStateMachine, UpdateStateMachine, DeleteStateMachine, DescribeStateMachine,
 * ListStateMachines.
 */
import { assertValidName, parseStateMachineArn } from '../arns';
import { ApiError, errors } from '../errors';
import { paginate } from '../pagination';
import type { LocalStepFunctions } from '../service';
import { StateMachineRecord, type LoggingConfiguration, type Revision, type StateMachineType } from '../store/state-machines';
import { MAX_TAGS, type Tag } from '../store/tags';
import type { ActionContext, ActionInput, ActionOutput } from './context';


/** AWS's defaults, as DescribeStateMachine shows them for a machine created without them. */
export function loggingWithDefaults(given?: LoggingConfiguration): LoggingConfiguration {
  return { level: 'OFF', includeExecutionData: false, ...given };
}

const VERSION_DESCRIPTION_WITHOUT_PUBLISH = 'Version description can only be set when publish is true';

/**
 * Checks a definition as CreateStateMachine and UpdateStateMachine do (AWS's diagnostics, when a
 * validator is wired in, then what the engine refuses) and compiles it.
 */
async function compileChecked(service: LocalStepFunctions, definition: string, name: string, type: StateMachineType) {
  const detail = await service.options.checkDefinition?.(definition, type);
  if (detail) throw errors.invalidDefinition(detail);
  return service.compile(definition, name);
}

function checkTags(tags: Tag[] | undefined, count: number, arn: string): void {
  if (tags && count > MAX_TAGS) {
    throw new ApiError('TooManyTags', `Too many tags: the resource may have at most ${MAX_TAGS} tags`, 400, { resourceName: arn });
  }
}

/** Whether a second CreateStateMachine is the same request (AWS ignores roleArn and tags there). */
function sameCreate(record: StateMachineRecord, input: ActionInput, type: StateMachineType): boolean {
  const r = record.current;
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const latest = record.latestVersion();
  return (
    r.definition === input.definition &&
    r.type === type &&
    same(r.loggingConfiguration, loggingWithDefaults(input.loggingConfiguration)) &&
    same(r.tracingConfiguration, { enabled: false, ...input.tracingConfiguration }) &&
    (!input.publish || (latest?.revision === r && same(latest.description, input.versionDescription)))
  );
}

export async function createStateMachine(input: ActionInput, { service }: ActionContext): Promise<ActionOutput> {
  if (input.versionDescription !== undefined && !input.publish) throw errors.validation(VERSION_DESCRIPTION_WITHOUT_PUBLISH);
  const name: string = input.name;
  assertValidName(name);
  const type: StateMachineType = input.type ?? 'STANDARD';
  const arn = service.stateMachineArn(name);
  const existing = service.stateMachines.get(name);
  if (existing) {
    if (!sameCreate(existing, input, type)) throw errors.stateMachineAlreadyExists(arn);
    return { stateMachineArn: existing.arn, creationDate: existing.creationDate, stateMachineVersionArn: input.publish ? existing.latestVersion()?.arn : undefined };
  }
  const tags: Tag[] | undefined = input.tags;
  const tagged = service.tags.merged(arn, tags ?? []);
  checkTags(tags, tagged.size, arn);
  const machine = await compileChecked(service, input.definition, name, type);
  const now = new Date();
  const revision: Revision = {
    definition: input.definition,
    roleArn: input.roleArn,
    type,
    loggingConfiguration: loggingWithDefaults(input.loggingConfiguration),
    tracingConfiguration: { enabled: false, ...input.tracingConfiguration },
    since: now,
    machine,
  };
  const record = new StateMachineRecord(name, arn, now, revision);
  service.stateMachines.add(record);
  service.tags.set(arn, tagged);
  const version = input.publish ? record.publish((n) => `${arn}:${n}`, input.versionDescription, now) : undefined;
  return { stateMachineArn: arn, creationDate: now, stateMachineVersionArn: version?.arn };
}

export async function updateStateMachine(input: ActionInput, { service }: ActionContext): Promise<ActionOutput> {
  if (input.versionDescription !== undefined && !input.publish) throw errors.validation(VERSION_DESCRIPTION_WITHOUT_PUBLISH);
  const record = service.stateMachine(input.stateMachineArn);
  const { definition, roleArn, loggingConfiguration, tracingConfiguration } = input;
  if (definition === undefined && roleArn === undefined && loggingConfiguration === undefined && tracingConfiguration === undefined) {
    throw new ApiError('MissingRequiredParameter', 'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified');
  }
  const changes: Partial<Revision> = {};
  if (definition !== undefined) {
    changes.definition = definition;
    changes.machine = await compileChecked(service, definition, record.name, record.type);
  }
  if (roleArn !== undefined) changes.roleArn = roleArn;
  if (loggingConfiguration !== undefined) changes.loggingConfiguration = loggingWithDefaults(loggingConfiguration);
  if (tracingConfiguration !== undefined) changes.tracingConfiguration = { enabled: false, ...tracingConfiguration };
  const now = new Date();
  const revision = record.update(changes, now);
  const version = input.publish ? record.publish((n) => `${record.arn}:${n}`, input.versionDescription, now) : undefined;
  return { updateDate: now, revisionId: revision.revisionId, stateMachineVersionArn: version?.arn };
}

export function deleteStateMachine(input: ActionInput, { service }: ActionContext): ActionOutput {
  // Deleting what does not exist succeeds (recorded on AWS); a version ARN deletes that version.
  const ref = parseStateMachineArn(input.stateMachineArn, service.where);
  const record = ref.local ? service.stateMachines.get(ref.name) : undefined;
  if (!record) return {};
  if (ref.kind === 'version') record.versions.delete(ref.version);
  else if (ref.kind === 'stateMachine') service.deleteStateMachine(record);
  else throw errors.invalidArn(input.stateMachineArn, 'Resource type not valid in this context: alias');
  return {};
}

export function describeStateMachine(input: ActionInput, { service }: ActionContext): ActionOutput {
  const ref = parseStateMachineArn(input.stateMachineArn, service.where);
  const record = ref.local ? service.stateMachines.get(ref.name) : undefined;
  if (!record || ref.kind === 'alias') throw errors.stateMachineDoesNotExist(input.stateMachineArn);
  if (ref.kind === 'version') {
    const version = record.versions.get(ref.version);
    if (!version) throw errors.stateMachineDoesNotExist(input.stateMachineArn);
    return describeRevision(record, version.revision, { stateMachineArn: version.arn, creationDate: version.creationDate, description: version.description });
  }
  return describeRevision(record, record.current, { stateMachineArn: record.arn, creationDate: record.creationDate });
}

function describeRevision(record: StateMachineRecord, revision: Revision, extra: ActionOutput): ActionOutput {
  return {
    name: record.name,
    status: 'ACTIVE',
    definition: revision.definition,
    roleArn: revision.roleArn,
    type: revision.type,
    loggingConfiguration: revision.loggingConfiguration,
    tracingConfiguration: revision.tracingConfiguration,
    revisionId: revision.revisionId,
    ...extra,
  };
}

export function listStateMachines(input: ActionInput, { service }: ActionContext): ActionOutput {
  const all = service.stateMachines.all();
  const { page, nextToken } = paginate(all, 'ListStateMachines', input.maxResults, input.nextToken);
  return {
    stateMachines: page.map((r) => ({ stateMachineArn: r.arn, name: r.name, type: r.type, creationDate: r.creationDate })),
    nextToken,
  };
}
