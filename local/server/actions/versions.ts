/** PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion. */
import { parseStateMachineArn } from '../arns';
import { errors } from '../errors';
import { paginate } from '../pagination';
import type { ActionContext, ActionInput, ActionOutput } from './context';

export function publishStateMachineVersion(input: ActionInput, { service }: ActionContext): ActionOutput {
  const record = service.stateMachine(input.stateMachineArn);
  const current = record.current.revisionId;
  if (input.revisionId !== undefined && input.revisionId !== current) {
    throw errors.conflict(`Failed to publish the State Machine version for revision ${input.revisionId}. The current State Machine revision is ${current ?? 'INITIAL'}.`);
  }
  const version = record.publish((n) => `${record.arn}:${n}`, input.description, new Date());
  return { stateMachineVersionArn: version.arn, creationDate: version.creationDate };
}

export function listStateMachineVersions(input: ActionInput, { service }: ActionContext): ActionOutput {
  const record = service.stateMachine(input.stateMachineArn);
  // Newest first (API reference: "sorted in descending order of the version creation time").
  const versions = [...record.versions.values()].sort((a, b) => b.number - a.number);
  const { page, nextToken } = paginate(versions, `versions ${record.arn}`, input.maxResults, input.nextToken);
  return { stateMachineVersions: page.map((v) => ({ stateMachineVersionArn: v.arn, creationDate: v.creationDate })), nextToken };
}

export function deleteStateMachineVersion(input: ActionInput, { service }: ActionContext): ActionOutput {
  const arn: string = input.stateMachineVersionArn;
  const ref = parseStateMachineArn(arn, service.where);
  if (ref.kind !== 'version') throw errors.validation(`Invalid version ARN: ${arn}`);
  const record = ref.local ? service.stateMachines.get(ref.name) : undefined;
  const version = record?.versions.get(ref.version);
  // Deleting a version that does not exist succeeds, as deleting a state machine does.
  if (!record || !version) return {};
  const referencing = [...record.aliases.values()].filter((a) => a.routingConfiguration.some((r) => r.stateMachineVersionArn === version.arn));
  if (referencing.length > 0) {
    throw errors.conflict(
      `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${referencing.map((a) => a.name).join(', ')}]`,
    );
  }
  record.versions.delete(ref.version);
  return {};
}
