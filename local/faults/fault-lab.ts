/**
 * Runs a saga scenario with faults injected and checks the invariants once everything has settled:
 * the synthesized workflow, the real bundles and DynamoDB Local (the emulator), fresh tables for
 * every run, every abandoned invocation waited for before anything is read.
 */
import type { Emulator, ExecutionResult } from '../emulator';
import { handlerFunctionIds, type SynthesizedStack } from '../emulator/assembly';
import { checkInvariants, type Violation } from './invariants';
import { sampleOrder, serviceCall, type AttemptsOf, type Run } from './scenarios';

export interface RunOutcome {
  executions: ExecutionResult[];
  violations: Violation[];
}

export class FaultLab {
  private readonly functionIds: Map<string, string>;
  private runs = 0;

  constructor(
    readonly emulator: Emulator,
    synthesized: SynthesizedStack,
  ) {
    this.functionIds = handlerFunctionIds(synthesized.template);
  }

  /** How many times a state runs before its Retry gives up on `error` (1 when no retrier matches). */
  readonly attempts: AttemptsOf = (stateName, error) => {
    const state = findState(this.emulator.stack.stateMachine.definition, stateName);
    if (!state) throw new Error(`the definition has no state ${stateName}`);
    const retrier = ((state.Retry ?? []) as Array<{ ErrorEquals: string[]; MaxAttempts?: number }>).find(
      (r) => r.ErrorEquals.includes(error) || r.ErrorEquals.includes('States.ALL'),
    );
    return retrier ? 1 + (retrier.MaxAttempts ?? 3) : 1;
  };

  /** One run: fresh tables, the faults queued, the orders started at once, everything settled, then checked. */
  async run(run: Run, compensationCannotFinish = false, orders = run.samples.map((sample) => sampleOrder(sample, ''))): Promise<RunOutcome> {
    const { emulator } = this;
    await emulator.reset();
    const stockBefore = Object.fromEntries((await emulator.scan('InventoryTableName')).map((item) => [String(item.sku), Number(item.stock)]));
    for (const injection of run.injections) {
      if ('handler' in injection) emulator.injectFaults(this.functionId(injection.handler), ...injection.faults);
      else emulator.injectServiceFaults(serviceCall(injection.service, emulator.outputs), ...injection.faults);
    }
    // One orderId per run; the same order started twice shares it, as a shop retrying would.
    const orderId = `ord-fault-${++this.runs}`;
    const started = orders.map((order, i) => ({ order: { ...order, orderId }, name: `${orderId}-${i + 1}` }));
    const executions = await Promise.all(started.map(({ order, name }) => emulator.startExecution(order, { name })));
    await emulator.settle();
    const violations = checkInvariants({
      executions: executions.map((execution, i) => ({ execution, order: started[i].order })),
      stockBefore,
      orders: await emulator.scan('OrdersTableName'),
      inventory: await emulator.scan('InventoryTableName'),
      payments: await emulator.scan('PaymentsTableName'),
      shipments: await emulator.scan('ShipmentsTableName'),
      events: emulator.bus.events,
      alarmDeliveries: emulator.bus.deliveries.filter((delivery) => delivery.target.arn !== emulator.stack.stateMachine.arn),
      compensationCannotFinish,
    });
    return { executions, violations };
  }

  private functionId(handler: string): string {
    const id = this.functionIds.get(handler);
    if (!id) throw new Error(`the template has no function for the handler ${handler}`);
    return id;
  }
}

/** How an execution ended, for reports: `FAILED OutOfStock`, `SUCCEEDED`. */
export function endingText(execution: ExecutionResult): string {
  return `${execution.status} ${execution.error ?? ''}`.trim();
}

/**
 * Runs `work` on every item, spread over the labs: each lab takes the next item when it is done
 * with one, so a lab runs one item at a time and each run keeps fresh tables of its own.
 */
export async function spreadOver<T>(labs: FaultLab[], items: readonly T[], work: (lab: FaultLab, item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (lab: FaultLab) => {
    for (let at = next++; at < items.length; at = next++) await work(lab, items[at], at);
  };
  await Promise.all(labs.map(lane));
}

type State = Record<string, any>;

function findState(list: State, name: string): State | undefined {
  for (const [stateName, state] of Object.entries<State>(list.States ?? {})) {
    if (stateName === name) return state;
    const nested = [...(state.Branches ?? []), ...(state.ItemProcessor ? [state.ItemProcessor] : [])];
    for (const inner of nested) {
      const found = findState(inner, name);
      if (found) return found;
    }
  }
  return undefined;
}
