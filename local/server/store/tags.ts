/** Tags of state machines, by ARN, in the order they were first set (ListTagsForResource keeps it). */
export interface Tag {
  key: string;
  value: string;
}

/** AWS's limit of tags on one resource. */
export const MAX_TAGS = 50;

export class TagStore {
  private readonly byArn = new Map<string, Map<string, string>>();

  list(arn: string): Tag[] {
    return [...(this.byArn.get(arn) ?? new Map<string, string>())].map(([key, value]) => ({ key, value }));
  }

  /** The tags the resource would have after tagging (TooManyTags is checked on this). */
  merged(arn: string, tags: Tag[]): Map<string, string> {
    const next = new Map(this.byArn.get(arn));
    for (const { key, value } of tags) next.set(key, value);
    return next;
  }

  set(arn: string, tags: Map<string, string>): void {
    this.byArn.set(arn, tags);
  }

  untag(arn: string, keys: string[]): void {
    const current = this.byArn.get(arn);
    for (const key of keys) current?.delete(key);
  }

  forget(arn: string): void {
    this.byArn.delete(arn);
  }
}
