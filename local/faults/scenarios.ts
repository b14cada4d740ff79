/**
 * The fault matrix: every step of the saga with a side effect, by every fault AWS can produce at
 * that step. A cell says how to provoke its fault (the order that reaches the step, and what to
 * inject where) or that the fault means nothing there (`—`: a crash inside a direct DynamoDB or
 * EventBridge integration, a business error of a step that has none).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { InvokeFault, ServiceCall, ServiceFault } from '../emulator';

export const FAULTS = [
  'business error',
  'crash',
  'throttling',
  'timeout before commit',
  'timeout after commit',
  'service error after commit',
  'duplicate invocation',
] as const;
export type FaultName = (typeof FAULTS)[number];

/** The sample orders a cell starts from (examples/), each run under an orderId of the cell's own. */
export type Sample =
  | 'happy'
  | 'declined'
  | 'out-of-stock'
  | 'invalid'
  | 'settled-after-polling'
  | 'undeliverable-parcel'
  | 'compensation-failed';

/** Where a fault goes: a function of the saga (by handler name) or a direct service call. */
export type Injection =
  | { handler: string; faults: InvokeFault[] }
  | { service: ServiceCallOf; faults: ServiceFault[] };

/** A direct integration's call, with the table named by the stack output that holds its name. */
export type ServiceCallOf = { putEvents: string } | { dynamodb: string; tableOutput: string };

export interface Run {
  /** One order, or the same order twice at once (the row of its own). */
  samples: Sample[];
  injections: Injection[];
}

export interface Cell {
  /** Each run starts from freshly seeded tables; the cell holds when every run holds. */
  runs: Run[];
  /** Only here may an execution end in CompensationFailed: a compensation that truly cannot finish. */
  compensationCannotFinish?: boolean;
}

export interface Row {
  step: string;
  cells: Partial<Record<FaultName, Cell>>;
}

/** How many times a state runs a function before it gives up on throttling (read from the definition). */
export type AttemptsOf = (stateName: string, error: string) => number;

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

export function sampleOrder(sample: Sample, orderId: string): Record<string, unknown> {
  const order = JSON.parse(fs.readFileSync(path.join(EXAMPLES, `${sample}.json`), 'utf8'));
  return { ...order, orderId };
}

/** Seconds past a direct integration's 10 s task timeout: the request lands after the step gave up. */
const PAST_TASK_TIMEOUT = 12;

/** A Lambda step's row: `sample` reaches it, `business` makes it fail for a business reason. */
function lambdaRow(step: string, handler: string, sample: Sample, attempts: AttemptsOf, options: { business?: Sample; businessCannotFinish?: boolean; compensation?: boolean } = {}): Row {
  const at = (...faults: InvokeFault[]): Run => ({ samples: [sample], injections: [{ handler, faults }] });
  const throttled = attempts(step, 'Lambda.TooManyRequestsException');
  return {
    step,
    cells: {
      ...(options.business
        ? { 'business error': { runs: [{ samples: [options.business], injections: [] }], compensationCannotFinish: options.businessCannotFinish } }
        : {}),
      crash: { runs: [at({ kind: 'crash' })] },
      // Throttled on every attempt, so the Retry gives up; a compensation then truly cannot finish.
      throttling: { runs: [at(...Array<InvokeFault>(throttled).fill({ kind: 'throttle' }))], compensationCannotFinish: options.compensation },
      'timeout before commit': { runs: [at({ kind: 'late' })] },
      'timeout after commit': { runs: [at({ kind: 'hang-after-commit' })] },
      'service error after commit': { runs: [at({ kind: 'service-error-after-commit' })] },
      'duplicate invocation': { runs: [at({ kind: 'duplicate' }), at({ kind: 'duplicate', overlapping: true })] },
    },
  };
}

/** A direct integration's row: no crash, no business error, no duplicate delivery of its own. */
function serviceRow(step: string, sample: Sample, call: ServiceCallOf, throttle: string, afterCommit: string, attempts: AttemptsOf, compensationCannotFinish?: boolean): Row {
  const at = (...faults: ServiceFault[]): Cell => ({ runs: [{ samples: [sample], injections: [{ service: call, faults }] }], compensationCannotFinish });
  const throttled = attempts(step, throttle);
  return {
    step,
    cells: {
      throttling: at(...Array<ServiceFault>(throttled).fill({ kind: 'error', name: throttle.split('.')[1] })),
      'timeout before commit': at({ kind: 'late', delaySeconds: PAST_TASK_TIMEOUT }),
      'timeout after commit': at({ kind: 'hang-after-commit', delaySeconds: PAST_TASK_TIMEOUT }),
      'service error after commit': at({ kind: 'error-after-commit', name: afterCommit.split('.')[1] }),
    },
  };
}

/** The same order started twice at once, with each fault at the first ReserveInventory that runs. */
function startedTwiceRow(attempts: AttemptsOf): Row {
  const row = lambdaRow('ReserveInventory', 'reserveInventory', 'happy', attempts, { business: 'out-of-stock' });
  const cells: Row['cells'] = {};
  for (const [fault, cell] of Object.entries(row.cells) as [FaultName, Cell][]) {
    cells[fault] = { ...cell, runs: cell.runs.map((run) => ({ ...run, samples: [run.samples[0], run.samples[0]] })) };
  }
  return { step: 'same order started twice at once', cells };
}

export function faultMatrix(attempts: AttemptsOf): Row[] {
  const putEvents = (detailType: string): ServiceCallOf => ({ putEvents: detailType });
  const publishRow = (step: string, detailType: string, sample: Sample, compensationCannotFinish?: boolean) =>
    serviceRow(step, sample, putEvents(detailType), 'EventBridge.ThrottlingException', 'EventBridge.InternalException', attempts, compensationCannotFinish);
  return [
    lambdaRow('ReserveInventory', 'reserveInventory', 'happy', attempts, { business: 'out-of-stock' }),
    lambdaRow('ChargePayment', 'chargePayment', 'happy', attempts, { business: 'declined' }),
    lambdaRow('CheckPayment', 'checkPayment', 'settled-after-polling', attempts),
    lambdaRow('CreateShipment', 'createShipment', 'happy', attempts, { business: 'undeliverable-parcel' }),
    serviceRow('ConfirmOrder', 'happy', { dynamodb: 'UpdateItemCommand', tableOutput: 'OrdersTableName' }, 'DynamoDB.ThrottlingException', 'DynamoDB.InternalServerErrorException', attempts),
    publishRow('PublishOrderConfirmed', 'OrderConfirmed', 'happy'),
    publishRow('PublishOrderRejected', 'OrderRejected', 'invalid'),
    publishRow('PublishOrderFailed', 'OrderFailed', 'declined'),
    // Its sample's refund is refused for good (tok_refund_fails): the one outcome here is CompensationFailed.
    publishRow('PublishOrderCompensationFailed', 'OrderCompensationFailed', 'compensation-failed', true),
    lambdaRow('CancelShipments', 'cancelShipments', 'undeliverable-parcel', attempts, { compensation: true }),
    lambdaRow('RefundPayment', 'refundPayment', 'undeliverable-parcel', attempts, { business: 'compensation-failed', businessCannotFinish: true, compensation: true }),
    lambdaRow('ReleaseInventory', 'releaseInventory', 'undeliverable-parcel', attempts, { compensation: true }),
    startedTwiceRow(attempts),
  ];
}

/** A service call as the emulator names it: the table by its local name. */
export function serviceCall(call: ServiceCallOf, outputs: Record<string, string>): ServiceCall {
  return 'putEvents' in call ? call : { dynamodb: call.dynamodb, table: outputs[call.tableOutput] };
}
