/**
 * State machines, their published versions and their aliases, kept in memory for the life of the
 * process. Each definition is compiled by the engine once, when it is stored, so a definition the
 * engine cannot run is refused at CreateStateMachine as AWS refuses an invalid one.
 */
import { randomUUID } from 'node:crypto';
import type { StateMachine } from '../../engine';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface LoggingConfiguration {
  level?: string;
  includeExecutionData?: boolean;
  destinations?: unknown[];
}

/** What a state machine runs: the part that a version freezes and an execution remembers. */
export interface Revision {
  definition: string;
  roleArn: string;
  type: StateMachineType;
  loggingConfiguration: LoggingConfiguration;
  tracingConfiguration: { enabled: boolean };
  /** Absent until the first UpdateStateMachine, as on AWS. */
  revisionId?: string;
  /** When this revision became current: the creation, or the update that made it. */
  since: Date;
  /** The engine's compiled machine for this definition. */
  machine: StateMachine;
}

/** What an ARN given to StartExecution (or Describe...) resolves to. */
export interface Target {
  record: StateMachineRecord;
  revision: Revision;
  versionArn?: string;
  aliasArn?: string;
}

export interface Version {
  arn: string;
  number: number;
  description?: string;
  creationDate: Date;
  revision: Revision;
}

export interface RoutingEntry {
  stateMachineVersionArn: string;
  weight: number;
}

export interface Alias {
  arn: string;
  name: string;
  description?: string;
  routingConfiguration: RoutingEntry[];
  creationDate: Date;
  updateDate?: Date;
}

export class StateMachineRecord {
  readonly versions = new Map<number, Version>();
  readonly aliases = new Map<string, Alias>();
  /** Version numbers are never reused, even after a version is deleted. */
  private nextVersion = 1;

  constructor(
    readonly name: string,
    readonly arn: string,
    readonly creationDate: Date,
    public current: Revision,
  ) {}

  get type(): StateMachineType {
    return this.current.type;
  }

  update(changes: Partial<Omit<Revision, 'revisionId' | 'since'>>, now: Date): Revision {
    this.current = { ...this.current, ...changes, revisionId: randomUUID(), since: now };
    return this.current;
  }

  /**
   * Publishes the current revision. Publishing what the latest version already holds returns that
   * version (AWS: "Publishing when nothing changed returns the existing version").
   */
  publish(versionArn: (n: number) => string, description: string | undefined, now: Date): Version {
    const latest = this.latestVersion();
    if (latest && latest.revision === this.current) return latest;
    const number = this.nextVersion++;
    const version: Version = { arn: versionArn(number), number, description, creationDate: now, revision: this.current };
    this.versions.set(number, version);
    return version;
  }

  latestVersion(): Version | undefined {
    let latest: Version | undefined;
    for (const v of this.versions.values()) if (!latest || v.number > latest.number) latest = v;
    return latest;
  }
}

/** Every state machine by name (one region and account: names are unique). */
export class StateMachineStore {
  private readonly byName = new Map<string, StateMachineRecord>();

  get(name: string): StateMachineRecord | undefined {
    return this.byName.get(name);
  }

  add(record: StateMachineRecord): void {
    this.byName.set(record.name, record);
  }

  delete(name: string): StateMachineRecord | undefined {
    const record = this.byName.get(name);
    this.byName.delete(name);
    return record;
  }

  all(): StateMachineRecord[] {
    return [...this.byName.values()];
  }
}
