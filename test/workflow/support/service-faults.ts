/**
 * Faults of the services the workflow calls directly (EventBridge PutEvents, DynamoDB UpdateItem for
 * ConfirmOrder), injected where the emulator talks to them, never in handler code: the same idea as
 * the emulator's `injectFaults` for Lambda, one layer over. They exist so the Retry and Catch rules
 * of those integration states are exercised, not only written.
 */
import type { Emulator } from '../../../local/emulator';

type PutEvents = Emulator['bus']['putEvents'];

export class ServiceFaults {
  private readonly putEvents: PutEvents;
  private readonly busFaults = new Map<string, string[]>();
  private readonly dynamoFaults: Array<{ table: string; action: string; error: string }> = [];

  constructor(private readonly emulator: Emulator) {
    const bus = emulator.bus;
    this.putEvents = bus.putEvents;
    // The engine reaches the bus through `bus.putEvents` at each call, so a wrapper here is seen.
    (bus as { putEvents: PutEvents }).putEvents = async (entries) => {
      for (const entry of entries) {
        const error = this.busFaults.get(entry.DetailType ?? '')?.shift();
        if (error) throw serviceError(error, `injected: EventBridge refused ${entry.DetailType}`);
      }
      return this.putEvents(entries);
    };
    // The engine's DynamoDB integration and `emulator.dynamodb` share one middleware stack.
    emulator.dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TableName?: string };
        const at = this.dynamoFaults.findIndex((f) => f.action === context.commandName && f.table === input.TableName);
        if (at >= 0) {
          const [fault] = this.dynamoFaults.splice(at, 1);
          throw serviceError(fault.error, `injected: DynamoDB ${fault.error}`);
        }
        return next(args);
      },
      { step: 'initialize', name: 'workflowTestFaults' },
    );
  }

  /** The next PutEvents of this detail-type fail with these errors, one per call. */
  failPutEvents(detailType: string, ...errors: string[]): void {
    this.busFaults.set(detailType, [...(this.busFaults.get(detailType) ?? []), ...errors]);
  }

  /** The next calls of this command (`UpdateItemCommand`) on this table fail with these errors. */
  failDynamoDb(command: string, tableOutputName: string, ...errors: string[]): void {
    const table = this.emulator.outputs[tableOutputName];
    for (const error of errors) this.dynamoFaults.push({ table, action: command, error });
  }

  clear(): void {
    this.busFaults.clear();
    this.dynamoFaults.length = 0;
  }
}

function serviceError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
