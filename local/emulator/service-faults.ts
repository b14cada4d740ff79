import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalEventBus, PutEventsEntry } from './event-bus';
import { EmulatorStoppedError, InFlight } from './in-flight';

/**
 * Faults of the services a workflow calls directly (EventBridge PutEvents, DynamoDB for an
 * `arn:aws:states:::dynamodb:*` task), injected where the emulator talks to them: the same idea as
 * the Lambda host's invoke faults, one layer over. As with Lambda, a Task that times out leaves its
 * request in flight: a request may reach the service after Step Functions gave up on it, and an
 * answer may be lost after the service acted.
 */
export type ServiceFault =
  /** Refused before the service acted (throttling, a 5xx): `EventBridge.<name>` / `DynamoDB.<name>`. */
  | { kind: 'error'; name: string }
  /** The request reaches the service `delaySeconds` (unscaled) late: after a shorter step timeout fired. */
  | { kind: 'late'; delaySeconds: number }
  /** The service acts, then the answer is held `delaySeconds` (unscaled): the step times out first. */
  | { kind: 'hang-after-commit'; delaySeconds: number }
  /** The service acts, then the caller gets this error anyway (a lost answer, retried over a done write). */
  | { kind: 'error-after-commit'; name: string };

/** Which calls a fault applies to: PutEvents of one detail-type, or one DynamoDB command on one table. */
export type ServiceCall = { putEvents: string } | { dynamodb: string; table: string };

export class ServiceFaults {
  private readonly pending: Array<{ call: ServiceCall; fault: ServiceFault }> = [];
  private readonly inFlight = new InFlight();

  constructor(
    bus: LocalEventBus,
    dynamodb: DynamoDBClient,
    private readonly timeScale: number,
  ) {
    const putEvents = bus.putEvents;
    // The engine reaches the bus through `bus.putEvents` at each call, so the wrapper is what it calls.
    (bus as { putEvents: LocalEventBus['putEvents'] }).putEvents = (entries: PutEventsEntry[]) => {
      const fault = entries.map((entry) => this.take({ putEvents: entry.DetailType ?? '' })).find((f) => f !== undefined);
      return this.apply(fault, () => putEvents(entries), 'EventBridge refused the entry');
    };
    // Clients made from this one (a DynamoDBDocumentClient) share its middleware stack.
    dynamodb.middlewareStack.add(
      (next, context) => (args) => {
        const table = (args.input as { TableName?: string }).TableName ?? '';
        const fault = this.take({ dynamodb: context.commandName ?? '', table });
        return this.apply(fault, () => next(args), `DynamoDB ${context.commandName} failed`);
      },
      { step: 'initialize', name: 'localServiceFaults' },
    );
  }

  /** The next calls that match fail with these faults, one per call, in order. */
  inject(call: ServiceCall, ...faults: ServiceFault[]): void {
    for (const fault of faults) this.pending.push({ call, fault });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** Resolves once every request held back by a fault has reached the service (or failed). */
  idle(): Promise<void> {
    return this.inFlight.idle();
  }

  /**
   * The emulator is stopping: every request a fault holds back ends now (a late one never reaches
   * the service; an answer held back is lost), failing with EmulatorStoppedError, and so does any
   * held back later. Resolves once none is left.
   */
  async stop(): Promise<void> {
    this.inFlight.stop(new EmulatorStoppedError('the local emulator stopped while a service fault held this request back'));
    await this.inFlight.idle();
  }

  private take(call: ServiceCall): ServiceFault | undefined {
    const at = this.pending.findIndex((p) => sameCall(p.call, call));
    return at < 0 ? undefined : this.pending.splice(at, 1)[0].fault;
  }

  private apply<T>(fault: ServiceFault | undefined, send: () => Promise<T>, what: string): Promise<T> {
    if (!fault) return send();
    const sleep = (seconds: number) => this.inFlight.sleep(seconds * 1000 * this.timeScale);
    const call = async (): Promise<T> => {
      switch (fault.kind) {
        case 'error':
          throw serviceError(fault.name, `injected: ${what} (${fault.name})`);
        case 'late':
          await sleep(fault.delaySeconds);
          return send();
        case 'hang-after-commit': {
          const answer = await send();
          await sleep(fault.delaySeconds);
          return answer;
        }
        case 'error-after-commit':
          await send();
          throw serviceError(fault.name, `injected: ${what} after it was done (${fault.name})`);
      }
    };
    return this.inFlight.track(call());
  }
}

function sameCall(a: ServiceCall, b: ServiceCall): boolean {
  if ('putEvents' in a) return 'putEvents' in b && a.putEvents === b.putEvents;
  return 'dynamodb' in b && a.dynamodb === b.dynamodb && a.table === b.table;
}

function serviceError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
