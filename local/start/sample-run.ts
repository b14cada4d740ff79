import path from 'node:path';
import { StateMachine } from '../engine';
import type { EngineOptions } from '../engine/types';
import type { BusEvent, Emulator, ExecutionResult } from '../emulator';
import { InFlight } from '../emulator/in-flight';
import { describeLeftovers } from './leftovers';
import { claimsOf, type Claims } from './sample-claims';
import type { Sample } from './samples';
import type { StockLedger } from './stock-ledger';
import { causeMessage, traceLines } from './trace';
import type { WarmCapacity } from './warm-capacity';

/** A sample's block of `npm start` output, and the bus events it accounts for. */
export interface SampleReport {
  lines: string[];
  /** The events it put on the bus and the events its executions published: no other report shows them. */
  eventIds: string[];
}

/** What the samples running side by side share. */
export interface SharedBySamples {
  emulator: Emulator;
  ledger: StockLedger;
  capacity: WarmCapacity;
  /** The states the trace marks ↩ (the definition's compensations). */
  compensations: Iterable<string>;
}

/**
 * One sample run on the emulator that every sample shares, while other samples run: its executions
 * run on a state machine of its own, built from the emulator's engine options, so that every call
 * they make (an invocation, a DynamoDB request, a PutEvents) is tracked as this sample's. Its report
 * is read once all of that has ended, an invocation its step gave up on included (a late writer),
 * and shows only what is its own: its order's rows, its SKUs' stock (see StockLedger), the events
 * of its executions.
 */
export class SampleRun {
  readonly claims: Claims;
  private readonly work = new InFlight();
  private readonly machine: StateMachine;
  private readonly executionsFromEvents: Array<Promise<ExecutionResult>> = [];

  constructor(
    readonly file: string,
    readonly sample: Sample,
    private readonly shared: SharedBySamples,
  ) {
    this.claims = claimsOf(sample);
    const { emulator, capacity } = shared;
    const engine = emulator.engineOptions;
    const invoke = engine.invokeFunction;
    const putEvents = engine.putEvents;
    const dynamodb = engine.services?.dynamodb;
    const tracked: EngineOptions = {
      ...engine,
      invokeFunction: invoke && ((name, payload) => this.track(() => capacity.run(name, async () => invoke(name, payload)))),
      putEvents: putEvents && ((entries) => this.track(() => putEvents(entries))),
      services: { ...engine.services, dynamodb: dynamodb && { send: (command) => this.track(() => dynamodb.send(command)) } },
      stateMachineName: emulator.stack.names.get(emulator.stack.stateMachine.logicalId),
    };
    this.machine = new StateMachine(emulator.stack.stateMachine.definition, tracked);
  }

  get name(): string {
    return path.basename(this.file);
  }

  /** Runs, as this sample's, an execution that its event asked for (the bus hands it here). */
  startFromEvent(input: unknown): Promise<ExecutionResult> {
    const execution = this.machine.start(input);
    this.executionsFromEvents.push(execution);
    return execution;
  }

  async run(): Promise<SampleReport> {
    await this.shared.ledger.take(this.claims.skus, this.name);
    const { sample } = this;
    const lines = [`━━ ${this.name}${sample.kind === 'event' ? ' (an OrderPlaced event on the bus)' : ''}`];
    const { runs, inputEventIds } = await this.execute();
    for (const [index, execution] of runs.entries()) {
      if (runs.length > 1) lines.push(`  run ${index + 1} of ${runs.length}:`);
      for (const line of traceLines(execution.history, { compensations: this.shared.compensations })) lines.push(`    ${line}`);
      lines.push(`  ${outcomeLine(execution)}`);
    }
    // Late writers: an invocation whose step timed out runs on to its function's timeout.
    await this.work.idle();

    const published = this.published(runs, inputEventIds);
    lines.push(`  events: ${published.length ? published.map((event) => event['detail-type']).join(', ') : 'none'}`);
    const stock = await this.shared.ledger.read();
    const leftovers = await describeLeftovers(this.shared.emulator, { orderId: sample.orderId, skus: this.claims.skus, stock });
    this.shared.ledger.release(this.claims.skus, stock, this.name);
    lines.push(...leftovers.map((line) => `  ${line}`), '');
    return { lines, eventIds: [...inputEventIds, ...published.map((event) => event.id)] };
  }

  /** An order starts one execution (a duplicate-* sample, two in a row); an event goes on the bus. */
  private async execute(): Promise<{ runs: ExecutionResult[]; inputEventIds: string[] }> {
    const { sample } = this;
    if (sample.kind === 'event') {
      // The local bus delivers while PutEvents runs: the executions it started are this sample's by
      // now (one that started later would find the sample gone, and be reported as unexplained).
      const answer = (await this.shared.emulator.putEvents(sample.entries)) as { Entries?: Array<{ EventId?: string }> };
      const inputEventIds = (answer.Entries ?? []).flatMap((entry) => (entry.EventId ? [entry.EventId] : []));
      return { runs: await Promise.all(this.executionsFromEvents), inputEventIds };
    }
    const first = await this.machine.start(sample.order);
    if (!sample.runTwice) return { runs: [first], inputEventIds: [] };
    return { runs: [first, await this.machine.start(sample.order)], inputEventIds: [] };
  }

  /**
   * The events this sample's executions published, in the order they were put: each names its
   * execution (executionId) and its order (orderId), and either is enough to know it as ours.
   */
  private published(runs: ExecutionResult[], inputEventIds: string[]): BusEvent[] {
    const executions = new Set(runs.map((execution) => execution.executionArn));
    const orders = new Set(this.claims.orderIds.filter((id) => id !== undefined));
    return this.shared.emulator.bus.events.filter((event) => {
      if (inputEventIds.includes(event.id)) return false;
      const detail = (event.detail ?? {}) as { executionId?: unknown; orderId?: unknown };
      return executions.has(String(detail.executionId)) || orders.has(String(detail.orderId));
    });
  }

  private track<T>(call: () => T | Promise<T>): Promise<T> {
    return this.work.track(Promise.resolve().then(call));
  }
}

function outcomeLine(execution: ExecutionResult): string {
  if (execution.status === 'SUCCEEDED') return `■ SUCCEEDED  output: ${JSON.stringify(execution.output)}`;
  return `■ ${execution.status}  ${execution.error ?? ''}${execution.cause ? `: ${causeMessage(execution.cause)}` : ''}`;
}
