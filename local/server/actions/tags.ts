/** TagResource, UntagResource, ListTagsForResource: tags of state machines, kept in memory. */
import { parseStateMachineArn } from '../arns';
import { ApiError, errors } from '../errors';
import type { LocalStepFunctions } from '../service';
import { MAX_TAGS } from '../store/tags';
import type { ActionContext, ActionInput, ActionOutput } from './context';

/** Only a state machine itself carries tags; a version or alias ARN is not found (as recorded). */
function taggable(service: LocalStepFunctions, arn: string): string {
  const ref = parseStateMachineArn(arn, service.where);
  const record = ref.local && ref.kind === 'stateMachine' ? service.stateMachines.get(ref.name) : undefined;
  if (!record) throw errors.resourceNotFound(`Resource not found: '${arn}'`, arn);
  return record.arn;
}

export function tagResource(input: ActionInput, { service }: ActionContext): ActionOutput {
  const arn = taggable(service, input.resourceArn);
  const next = service.tags.merged(arn, input.tags);
  if (next.size > MAX_TAGS) {
    throw new ApiError('TooManyTags', `Too many tags: the resource may have at most ${MAX_TAGS} tags`, 400, { resourceName: arn });
  }
  service.tags.set(arn, next);
  return {};
}

export function untagResource(input: ActionInput, { service }: ActionContext): ActionOutput {
  service.tags.untag(taggable(service, input.resourceArn), input.tagKeys);
  return {};
}

export function listTagsForResource(input: ActionInput, { service }: ActionContext): ActionOutput {
  return { tags: service.tags.list(taggable(service, input.resourceArn)) };
}
