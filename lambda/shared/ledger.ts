import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Behaviour } from '../gateway/tokens';
import { dynamo, tableName } from './clients';

/**
 * The payments ledger (docs/design.md): per order a `CHARGE` entry that follows the charge through
 * its life, and a `REFUND` entry once money went back. `ATTEMPTED` is a charge the gateway never took
 * (it was unavailable); the attempt count lives there so transient failures are counted across
 * invocations. `CANCELLED` is RefundPayment's mark on a charge that never went through (an ATTEMPTED
 * entry, or none at all: then a fence entry): a ChargePayment that outlived its step finds it and
 * charges nothing.
 */
export type ChargeStatus = 'ATTEMPTED' | 'PENDING' | 'CAPTURED' | 'DECLINED' | 'REFUNDED' | 'VOIDED' | 'CANCELLED';

export interface ChargeEntry {
  orderId: string;
  entry: 'CHARGE';
  paymentId: string;
  executionId: string;
  amount: number;
  currency: string;
  status: ChargeStatus;
  /** What chargePayment first answered, so a repeat answers the same even after settlement. */
  answer: 'CAPTURED' | 'PENDING' | 'DECLINED' | 'UNAVAILABLE';
  attempts: number;
  checks: number;
  behaviour: Behaviour;
  failures: number;
  requestHash: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * RefundPayment's entry for an order it found without a charge: it holds no request (no paymentId,
 * no requestHash), only whose compensation wrote it.
 */
export interface ChargeFence {
  orderId: string;
  entry: 'CHARGE';
  executionId: string;
  status: 'CANCELLED';
  amount: 0;
  paymentId?: undefined;
  createdAt: string;
  updatedAt: string;
}

export const CHARGE = 'CHARGE';
export const REFUND = 'REFUND';

export async function readCharge(orderId: string): Promise<ChargeEntry | ChargeFence | undefined> {
  const { Item } = await dynamo.send(
    new GetCommand({ TableName: tableName('PAYMENTS_TABLE'), Key: { orderId, entry: CHARGE }, ConsistentRead: true }),
  );
  return Item as ChargeEntry | ChargeFence | undefined;
}
