import { randomUUID } from 'node:crypto';
import { EventPattern, matchesEventPattern } from './event-pattern';

/** A PutEvents entry as the SDK and the Step Functions integration send it. */
export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  /** JSON text (SDK) or an object (the Step Functions integration accepts both). */
  Detail?: string | Record<string, unknown>;
  EventBusName?: string;
  Resources?: string[];
  Time?: string | Date;
}

/** An event as EventBridge delivers it to rules and targets. */
export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
  /** The bus it was put on (not part of EventBridge's envelope; kept for inspection). */
  eventBusName: string;
}

export interface RuleTarget {
  id: string;
  arn: string;
  /** JSONPath-like `$.detail`: which part of the event the target receives. */
  inputPath?: string;
  /** A constant input instead of the event. */
  input?: string;
}

export interface BusRule {
  logicalId: string;
  eventBusName: string;
  enabled: boolean;
  pattern: EventPattern;
  targets: RuleTarget[];
}

export interface Delivery {
  rule: string;
  target: RuleTarget;
  event: BusEvent;
  input: unknown;
}

export class InvalidPutEventsEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPutEventsEntryError';
  }
}

/**
 * The local EventBridge: keeps every event put on it, in order, and hands each one to the targets of
 * the rules whose patterns match it (the template's own rules, so outcome events start nothing).
 */
export class LocalEventBus {
  readonly events: BusEvent[] = [];
  readonly deliveries: Delivery[] = [];

  constructor(
    private readonly rules: BusRule[],
    private readonly deliver: (delivery: Delivery) => void,
    private readonly where: { account: string; region: string; defaultBusName: string },
  ) {}

  putEvents = async (entries: PutEventsEntry[]): Promise<{ FailedEntryCount: number; Entries: Array<{ EventId: string }> }> => {
    const events = entries.map((entry, index) => this.toEvent(entry, index));
    const accepted = events.map((event) => {
      this.events.push(event);
      for (const rule of this.rules) {
        if (!rule.enabled || rule.eventBusName !== event.eventBusName) continue;
        if (!matchesEventPattern(rule.pattern, event)) continue;
        for (const target of rule.targets) {
          const delivery = { rule: rule.logicalId, target, event, input: targetInput(target, event) };
          this.deliveries.push(delivery);
          this.deliver(delivery);
        }
      }
      return { EventId: event.id };
    });
    return { FailedEntryCount: 0, Entries: accepted };
  };

  /** Events of the given detail-types, in the order they were put. */
  eventsOfType(...detailTypes: string[]): BusEvent[] {
    return this.events.filter((event) => detailTypes.includes(event['detail-type']));
  }

  clear(): void {
    this.events.length = 0;
    this.deliveries.length = 0;
  }

  private toEvent(entry: PutEventsEntry, index: number): BusEvent {
    const missing = (['Source', 'DetailType', 'Detail'] as const).filter((field) => entry[field] === undefined);
    if (missing.length > 0) {
      throw new InvalidPutEventsEntryError(`entry ${index} has no ${missing.join(', ')} (EventBridge requires them)`);
    }
    let detail: unknown = entry.Detail;
    if (typeof detail === 'string') {
      try {
        detail = JSON.parse(detail);
      } catch {
        throw new InvalidPutEventsEntryError(`entry ${index}: Detail is not valid JSON`);
      }
    }
    const busName = entry.EventBusName ? busNameOf(entry.EventBusName) : this.where.defaultBusName;
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType!,
      source: entry.Source!,
      account: this.where.account,
      time: new Date(entry.Time ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.where.region,
      resources: entry.Resources ?? [],
      detail,
      eventBusName: busName,
    };
  }
}

/** An EventBusName may be a name or an ARN (`arn:aws:events:region:account:event-bus/name`). */
export function busNameOf(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
}

function targetInput(target: RuleTarget, event: BusEvent): unknown {
  if (target.input !== undefined) return JSON.parse(target.input);
  const { eventBusName: _bus, ...envelope } = event;
  if (!target.inputPath || target.inputPath === '$') return envelope;
  // Rule targets take simple paths (`$.detail`, `$.detail.order`).
  return target.inputPath
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], envelope);
}
