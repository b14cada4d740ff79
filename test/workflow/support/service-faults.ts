/**
 * Faults of the services the workflow calls directly (EventBridge PutEvents, DynamoDB UpdateItem for
 * ConfirmOrder), by the names the tests use: the emulator injects them where it talks to the
 * services, never in handler code. They exist so the Retry and Catch rules of those integration
 * states are exercised, not only written.
 */
import type { Emulator } from '../../../local/emulator';

export class ServiceFaults {
  constructor(private readonly emulator: Emulator) {}

  /** The next PutEvents of this detail-type fail with these errors, one per call. */
  failPutEvents(detailType: string, ...errors: string[]): void {
    this.emulator.injectServiceFaults({ putEvents: detailType }, ...errors.map((name) => ({ kind: 'error' as const, name })));
  }

  /** The next calls of this command (`UpdateItemCommand`) on this table fail with these errors. */
  failDynamoDb(command: string, tableOutputName: string, ...errors: string[]): void {
    const table = this.emulator.outputs[tableOutputName];
    this.emulator.injectServiceFaults({ dynamodb: command, table }, ...errors.map((name) => ({ kind: 'error' as const, name })));
  }
}
