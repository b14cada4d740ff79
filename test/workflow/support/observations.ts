/**
 * What a workflow test looks at after an execution: the path of states (from the history), the
 * events on the bus, and the four tables, read through the emulator with the real SDK.
 */
import type { Emulator, ExecutionResult, HistoryEvent } from '../../../local/emulator';

/** The catalogue's seeded stock (docs/design.md, "Catalogue"), written out by hand. */
export const SEEDED_STOCK: Record<string, number> = {
  'SKU-BOOK-001': 100,
  'SKU-MUG-002': 100,
  'SKU-LAMP-003': 50,
  'SKU-DESK-004': 20,
  'SKU-PIANO-005': 5,
  'SKU-RARE-006': 0,
};

export const OUTCOME_EVENTS = ['OrderConfirmed', 'OrderRejected', 'OrderFailed', 'OrderCompensationFailed'];

/** The names of the states entered, in the order the history records them. */
export function statePath(execution: ExecutionResult): string[] {
  return execution.history
    .filter((event) => event.type?.endsWith('StateEntered'))
    .map((event) => event.stateEnteredEventDetails!.name!);
}

/** The errors a state's attempts failed with, in order (retried or not). */
export function failedAttempts(execution: ExecutionResult, stateName: string): string[] {
  const errors: string[] = [];
  let current: string | undefined;
  const byId = new Map(execution.history.map((event) => [event.id, event]));
  for (const event of execution.history) {
    const details = event.taskFailedEventDetails ?? event.taskTimedOutEventDetails;
    if (!details) continue;
    // Walk the event's lane back to the state it belongs to (branches and iterations interleave).
    current = undefined;
    for (let at: HistoryEvent | undefined = event; at; at = at.previousEventId ? byId.get(at.previousEventId) : undefined) {
      if (at.type?.endsWith('StateEntered')) {
        current = at.stateEnteredEventDetails?.name;
        break;
      }
    }
    if (current === stateName) errors.push(details.error ?? '');
  }
  return errors;
}

/** Stock of every sku now, minus the seeded stock: only the skus that changed. */
export async function stockChanges(emulator: Emulator): Promise<Record<string, number>> {
  const changes: Record<string, number> = {};
  for (const item of await emulator.scan('InventoryTableName')) {
    const delta = Number(item.stock) - SEEDED_STOCK[String(item.sku)];
    if (delta !== 0) changes[String(item.sku)] = delta;
  }
  return changes;
}

export async function orderRows(emulator: Emulator): Promise<Array<Record<string, any>>> {
  return emulator.scan('OrdersTableName');
}

export async function ledger(emulator: Emulator): Promise<Array<Record<string, any>>> {
  const entries = await emulator.scan('PaymentsTableName');
  return entries.sort((a, b) => String(a.entry).localeCompare(String(b.entry)));
}

/**
 * Money the customer is out of pocket for an order: a charge that was captured (CAPTURED, or
 * REFUNDED after a capture) minus the refunds. Pending, declined and voided charges took nothing.
 */
export async function balance(emulator: Emulator, orderId: string): Promise<number> {
  let charged = 0;
  let refunded = 0;
  for (const entry of await ledger(emulator)) {
    if (entry.orderId !== orderId) continue;
    if (entry.entry === 'CHARGE' && ['CAPTURED', 'REFUNDED'].includes(entry.status)) charged += Number(entry.amount);
    if (entry.entry === 'REFUND') refunded += Number(entry.amount);
  }
  return charged - refunded;
}

export async function shipments(emulator: Emulator): Promise<Array<Record<string, any>>> {
  const rows = await emulator.scan('ShipmentsTableName');
  return rows.sort((a, b) => String(a.parcelId).localeCompare(String(b.parcelId)));
}

/** The outcome events on the bus, as `[detail-type, detail]`. */
export function outcomeEvents(emulator: Emulator): Array<[string, Record<string, any>]> {
  return emulator.bus.eventsOfType(...OUTCOME_EVENTS).map((event) => [event['detail-type'], event.detail as Record<string, any>]);
}

/** Nothing written: no order row, stock as seeded, no ledger entry, no shipment. */
export async function expectTablesUntouched(emulator: Emulator): Promise<void> {
  expect(await orderRows(emulator)).toEqual([]);
  expect(await stockChanges(emulator)).toEqual({});
  expect(await ledger(emulator)).toEqual([]);
  expect(await shipments(emulator)).toEqual([]);
}
