import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { answerCharge, answersAfterCharging, type ChargeAnswer } from './gateway/gateway';
import { behaviourOf } from './gateway/tokens';
import { dynamo, tableName } from './shared/clients';
import { IdempotencyConflict, InvalidInput, PaymentCancelled, PaymentDeclined, PaymentGatewayTimeout, PaymentGatewayUnavailable } from './shared/errors';
import { assertSameRequest, requestHash } from './shared/idempotency';
import { CHARGE, readCharge, type ChargeEntry, type ChargeStatus } from './shared/ledger';
import { instrument, logger, type InvocationContext } from './shared/logger';
import { currency, executionId, money, object, orderId, parseOrThrow, payment } from './shared/schemas';
import { isConditionalCheckFailed } from './shared/transactions';

const input = object({ orderId, executionId, amount: money, currency, payment });

export interface ChargeResult {
  paymentId: string;
  status: 'CAPTURED' | 'PENDING';
}

const STATUS_OF: Record<ChargeAnswer, ChargeStatus> = {
  CAPTURED: 'CAPTURED',
  PENDING: 'PENDING',
  DECLINED: 'DECLINED',
  UNAVAILABLE: 'ATTEMPTED',
};

/**
 * ChargePayment: charges through the simulated gateway and records the charge in the ledger before
 * answering, so whatever happens next (a timeout included) the compensation knows what to refund.
 * Each write is conditional on what was read, so concurrent repeats cannot charge twice or lose an
 * attempt; a repeat of a finished charge answers what the first call answered. The same conditions
 * make RefundPayment's CANCELLED mark final: an invocation that outlived its step charges nothing.
 *
 * Every delivery that finds the charge ATTEMPTED is a new gateway attempt: a duplicate delivery
 * carries the same input as the workflow's Retry, so the two cannot be told apart. Nothing is
 * charged by an unavailable gateway, so the only effect is one attempt counted more.
 */
export const handler = instrument('ChargePayment', async (event: unknown, context?: InvocationContext): Promise<ChargeResult> => {
  const request = parseOrThrow(input, event, (message) => new InvalidInput(message));
  const { behaviour, failures } = behaviourOf(request.payment.token);
  const hash = requestHash({ amount: request.amount, currency: request.currency, payment: request.payment });
  const table = tableName('PAYMENTS_TABLE');

  // Optimistic concurrency: a lost race re-reads the ledger and decides again.
  for (;;) {
    const existing = await readCharge(request.orderId);
    if (!existing) {
      const answer = answerCharge(behaviour, failures, 1);
      const now = new Date().toISOString();
      const entry: ChargeEntry = {
        orderId: request.orderId,
        entry: CHARGE,
        paymentId: `pay_${randomUUID()}`,
        executionId: request.executionId,
        amount: request.amount,
        currency: request.currency,
        status: STATUS_OF[answer],
        answer,
        attempts: 1,
        checks: 0,
        behaviour,
        failures,
        requestHash: hash,
        createdAt: now,
        updatedAt: now,
      };
      try {
        await dynamo.send(new PutCommand({ TableName: table, Item: entry, ConditionExpression: 'attribute_not_exists(orderId)' }));
      } catch (error) {
        if (isConditionalCheckFailed(error)) continue;
        throw error;
      }
      return respond(entry, context);
    }

    if (existing.status === 'CANCELLED') {
      if (existing.executionId !== request.executionId) {
        throw new IdempotencyConflict(`the charge for order ${request.orderId} already belongs to another execution`);
      }
      throw new PaymentCancelled(`the charge for order ${request.orderId} was cancelled by the order's compensation; nothing was charged`);
    }
    assertSameRequest(existing, request.executionId, hash, `the charge for order ${request.orderId}`);
    if (existing.status !== 'ATTEMPTED') return respond(existing, context);

    // The gateway was unavailable before: this is the next attempt.
    const attempts = existing.attempts + 1;
    const answer = answerCharge(behaviour, failures, attempts);
    try {
      await dynamo.send(
        new UpdateCommand({
          TableName: table,
          Key: { orderId: request.orderId, entry: CHARGE },
          UpdateExpression: 'SET attempts = :attempts, #status = :status, answer = :answer, updatedAt = :now',
          ConditionExpression: 'attempts = :seen AND #status = :attempted',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':attempts': attempts,
            ':status': STATUS_OF[answer],
            ':answer': answer,
            ':now': new Date().toISOString(),
            ':seen': existing.attempts,
            ':attempted': 'ATTEMPTED',
          },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) continue;
      throw error;
    }
    return respond({ ...existing, attempts, answer, status: STATUS_OF[answer] }, context);
  }
});

/** The gateway's answer for a recorded charge (the same for a first call and its repeats). */
async function respond(entry: ChargeEntry, context?: InvocationContext): Promise<ChargeResult> {
  logger.info('charge recorded', { paymentId: entry.paymentId, status: entry.status, attempts: entry.attempts, behaviour: entry.behaviour });
  switch (entry.answer) {
    case 'UNAVAILABLE':
      throw new PaymentGatewayUnavailable(`the payment gateway did not answer (attempt ${entry.attempts}); nothing was charged`);
    case 'DECLINED':
      throw new PaymentDeclined('the payment was declined by the issuer');
    case 'CAPTURED':
    case 'PENDING':
      if (!answersAfterCharging(entry.behaviour)) await outlive(context);
      return { paymentId: entry.paymentId, status: entry.answer };
  }
}

/**
 * `tok_timeout_after_charge`: the charge is in the ledger, and the gateway never answers. Waiting
 * past the function's remaining time makes the task time out on AWS; where nothing enforces the
 * timeout, the wait ends in PaymentGatewayTimeout instead of a success nobody saw.
 */
async function outlive(context?: InvocationContext): Promise<never> {
  const remaining = context?.getRemainingTimeInMillis() ?? 0;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, remaining) + 250));
  throw new PaymentGatewayTimeout('the payment gateway charged but never answered');
}
