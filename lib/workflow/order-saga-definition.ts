import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { SagaFunctions } from '../functions/saga-functions';
import { OUTCOME_NOT_PUBLISHED } from '../monitoring/outcome-not-published';
import { HANDLERS, HandlerName } from '../functions/handler-specs';
import {
  ERROR_KIND,
  REMEMBER_INVALID_ORDER,
  REMEMBER_RAW_ORDER_ID,
  rememberCompensationFailure,
  rememberFailure,
  rememberUnpublished,
  type Compensation,
} from './expressions';
import {
  compensationRetry,
  dynamoServiceRetry,
  gatewayUnavailableRetry,
  lambdaServiceRetry,
  lambdaThrottlingRetry,
  publishRetry,
} from './retry-policies';

export interface OrderSagaDefinitionProps {
  readonly functions: SagaFunctions;
  readonly ordersTable: dynamodb.ITable;
  readonly bus: events.IEventBus;
  /** Orders whose total (minor units) is at least this go through RiskChecks. */
  readonly highValueThreshold: number;
  /** How many times CheckPayment asks about a PENDING charge before it counts as declined. */
  readonly maxPaymentChecks: number;
  readonly settlementWaitSeconds: number;
  readonly shipParcelsConcurrency: number;
}

/** Where the saga's outcome events come from (docs/design.md, "Events"). */
export const WORKFLOW_EVENT_SOURCE = 'order-saga.workflow';

const EXECUTION_ID = '$states.context.Execution.Id';
/** What every compensation gets: the order, and the execution whose work it may undo. */
const COMPENSATION_ARGUMENTS = `{% {"orderId": $order.orderId, "executionId": ${EXECUTION_ID}} %}`;
/** CancelShipments also gets every parcel, to withdraw those not booked yet (see lambda/cancel-shipments.ts). */
const CANCEL_SHIPMENTS_ARGUMENTS = `{% {"orderId": $order.orderId, "executionId": ${EXECUTION_ID}, "parcelIds": [$parcels.parcelId]} %}`;

/**
 * The order saga, top to bottom as its diagram (docs/design.md, "Workflow"): the endings every Catch
 * may name, then the forward steps in the order they run, each with its Retry and Catch and beside
 * the compensation that undoes it, then the choices that join them. Compensations are named for
 * what they undo and run in reverse order of the forward steps:
 * CancelShipments ▶ RefundPayment ▶ ReleaseInventory ▶ PublishOrderFailed.
 */
export class OrderSagaDefinition extends Construct {
  readonly startState: sfn.IChainable;

  constructor(scope: Construct, id: string, props: OrderSagaDefinitionProps) {
    super(scope, id);
    const invoke = (stateName: string, handler: HandlerName, options: InvokeOptions = {}) =>
      tasks.LambdaInvoke.jsonata(this, stateName, {
        lambdaFunction: props.functions.get(handler).function,
        payload: sfn.TaskInput.fromText(options.payload ?? '{% $states.input %}'),
        // Our own Retry below replaces CDK's default six attempts on every Lambda error.
        retryOnServiceExceptions: false,
        taskTimeout: sfn.Timeout.duration(Duration.seconds(HANDLERS[handler].taskTimeoutSeconds)),
        outputs: options.outputs ?? '{% $states.result.Payload %}',
        assign: options.assign,
        comment: options.comment,
      });
    // Every outcome event carries the execution's id: PutEvents may deliver an event twice (a retry
    // after a lost answer), and there is exactly one outcome per execution, so consumers dedupe on it.
    const publish = (stateName: string, detailType: string, detailFields: string, outputs?: unknown) =>
      tasks.EventBridgePutEvents.jsonata(this, stateName, {
        entries: [
          {
            eventBus: props.bus,
            source: WORKFLOW_EVENT_SOURCE,
            detailType,
            detail: sfn.TaskInput.fromText(`{% {"executionId": ${EXECUTION_ID}, ${detailFields}} %}`),
          },
        ],
        taskTimeout: sfn.Timeout.duration(Duration.seconds(10)),
        outputs: outputs ?? {},
      })
        .addRetry(publishRetry)
        // Never into a compensation: what the outcome reports already happened (an order confirmed).
        .addCatch(outcomeNotPublished, { assign: rememberUnpublished(detailType) });

    // ── Endings ─────────────────────────────────────────────────────────────────────────────────
    const orderConfirmed = sfn.Succeed.jsonata(this, 'OrderConfirmed');
    const orderRejected = sfn.Fail.jsonata(this, 'OrderRejected', {
      error: '{% $rejection.error %}',
      cause: '{% $rejection.cause %}',
    });
    const orderFailed = sfn.Fail.jsonata(this, 'OrderFailed', {
      error: '{% $failure.error %}',
      cause: '{% $failure.cause %}',
    });
    const duplicateOrder = sfn.Fail.jsonata(this, 'DuplicateOrder', {
      comment: 'Another execution owns this orderId: no event, nothing undone (undoing would undo the first).',
      error: '{% $failure.error %}',
      cause: '{% $failure.cause %}',
    });
    const outcomeNotPublished = sfn.Fail.jsonata(this, OUTCOME_NOT_PUBLISHED, {
      comment: 'EventBridge refused the outcome event after every retry: nobody downstream heard of this order; an alarm calls a human.',
      error: OUTCOME_NOT_PUBLISHED,
      cause: '{% $unpublished.outcome & " of order " & $order.orderId & " was not published (" & $unpublished.error & "): " & $unpublished.cause %}',
    });
    const compensationFailed = sfn.Fail.jsonata(this, 'CompensationFailed', {
      comment: 'A compensation gave up after its retries: a human must finish the undo.',
      error: '{% $compensationFailure.error %}',
      cause: '{% $compensationFailure.compensation & " failed after " & $failure.step & " failed with " & $failure.error & ": " & $compensationFailure.cause %}',
    });

    const publishOrderRejected = publish(
      'PublishOrderRejected',
      'OrderRejected',
      '"orderId": $order.orderId, "reason": $rejection.error, "message": $rejection.cause',
    ).next(orderRejected);
    const publishOrderFailed = publish(
      'PublishOrderFailed',
      'OrderFailed',
      `"orderId": $order.orderId, "error": $failure.error, "cause": $failure.cause, "step": $failure.step, "errorKind": ${ERROR_KIND}`,
    ).next(orderFailed);
    const publishOrderCompensationFailed = publish(
      'PublishOrderCompensationFailed',
      'OrderCompensationFailed',
      '"orderId": $order.orderId, "error": $compensationFailure.error, "cause": $compensationFailure.cause, "step": $failure.step, "compensation": $compensationFailure.compensation, "undone": $compensationFailure.undone',
    ).next(compensationFailed);

    // ── Forward steps, in the order they run ─────────────────────────────────────────────────────
    // A step that leaves something to undo comes right after its compensation, which its Catch names
    // (a Catch's target must exist first). Each compensation goes on to the previous step's, so the
    // undo runs last step first.
    const compensate = (stateName: Compensation, handler: HandlerName, payload = COMPENSATION_ARGUMENTS) =>
      invoke(stateName, handler, { payload, outputs: {} })
        .addRetry(compensationRetry)
        .addCatch(publishOrderCompensationFailed, { assign: rememberCompensationFailure(stateName) });

    const validateOrder = invoke('ValidateOrder', 'validateOrder', {
      assign: { order: '{% $states.result.Payload %}', total: '{% $states.result.Payload.total %}' },
      outputs: '{% {"orderId": $states.result.Payload.orderId, "total": $states.result.Payload.total} %}',
    })
      .addRetry(lambdaThrottlingRetry).addRetry(lambdaServiceRetry)
      .addCatch(publishOrderRejected, {
        errors: ['InvalidOrder'],
        assign: { ...REMEMBER_RAW_ORDER_ID, ...REMEMBER_INVALID_ORDER },
      })
      .addCatch(publishOrderFailed, { assign: { ...REMEMBER_RAW_ORDER_ID, ...rememberFailure('ValidateOrder') } });

    const assessFraudRisk = invoke('AssessFraudRisk', 'assessFraudRisk', {
      payload: '{% {"orderId": $order.orderId, "customerId": $order.customerId, "total": $total, "currency": $order.currency} %}',
    }).addRetry(lambdaThrottlingRetry).addRetry(lambdaServiceRetry);
    const verifyAddress = invoke('VerifyAddress', 'verifyAddress', {
      payload: '{% {"orderId": $order.orderId, "address": $order.shipping.address} %}',
    }).addRetry(lambdaThrottlingRetry).addRetry(lambdaServiceRetry);
    const riskChecks = sfn.Parallel.jsonata(this, 'RiskChecks', {
      outputs:
        '{% {"risk": $states.result[0].risk, "reasons": $states.result[0].reasons, "deliverable": $states.result[1].deliverable, "addressReason": $states.result[1].reason} %}',
    })
      .branch(assessFraudRisk)
      .branch(verifyAddress)
      .addCatch(publishOrderFailed, { assign: rememberFailure('RiskChecks') });

    // ReleaseInventory undoes ReserveInventory, then the outcome is published.
    const releaseInventory = compensate('ReleaseInventory', 'releaseInventory').next(publishOrderFailed);
    const reserveInventory = invoke('ReserveInventory', 'reserveInventory', {
      payload: `{% {"orderId": $order.orderId, "executionId": ${EXECUTION_ID}, "customerId": $order.customerId, "currency": $order.currency, "total": $total, "items": [$order.items.{"sku": sku, "quantity": quantity}]} %}`,
      assign: { parcels: '{% $states.result.Payload.parcels %}' },
      outputs: '{% {"orderId": $states.result.Payload.orderId, "parcelIds": [$states.result.Payload.parcels.parcelId]} %}',
    })
      .addRetry(lambdaThrottlingRetry).addRetry(lambdaServiceRetry)
      // Before States.ALL: the row belongs to another execution, so there is nothing of ours to undo.
      .addCatch(duplicateOrder, { errors: ['DuplicateOrder'], assign: rememberFailure('ReserveInventory') })
      .addCatch(publishOrderFailed, { errors: ['OutOfStock', 'UnknownSku'], assign: rememberFailure('ReserveInventory') })
      // A timeout or unknown error may have committed the reservation: release (only if it is ours).
      .addCatch(releaseInventory, { assign: rememberFailure('ReserveInventory') });

    // RefundPayment undoes ChargePayment, then ReleaseInventory.
    const refundPayment = compensate('RefundPayment', 'refundPayment').next(releaseInventory);
    const chargePayment = invoke('ChargePayment', 'chargePayment', {
      payload: `{% {"orderId": $order.orderId, "executionId": ${EXECUTION_ID}, "amount": $total, "currency": $order.currency, "payment": $order.payment} %}`,
      assign: { paymentId: '{% $states.result.Payload.paymentId %}', pollCount: 0 },
    })
      .addRetry(lambdaThrottlingRetry).addRetry(lambdaServiceRetry)
      .addRetry(gatewayUnavailableRetry)
      // Declined, still unavailable, timed out after charging: refund whatever was charged.
      .addCatch(refundPayment, { assign: rememberFailure('ChargePayment') });

    const checkPayment = invoke('CheckPayment', 'checkPayment', {
      payload: '{% {"orderId": $order.orderId, "paymentId": $paymentId} %}',
      assign: { pollCount: '{% $pollCount + 1 %}' },
    })
      .addRetry(lambdaThrottlingRetry).addRetry(lambdaServiceRetry)
      .addCatch(refundPayment, { assign: rememberFailure('CheckPayment') });
    const waitForSettlement = sfn.Wait.jsonata(this, 'WaitForSettlement', {
      time: sfn.WaitTime.duration(Duration.seconds(props.settlementWaitSeconds)),
    });

    // CancelShipments undoes ShipParcels, then RefundPayment.
    const cancelShipments = compensate('CancelShipments', 'cancelShipments', CANCEL_SHIPMENTS_ARGUMENTS).next(refundPayment);
    const createShipment = invoke('CreateShipment', 'createShipment', {
      outputs: '{% {"parcelId": $states.result.Payload.parcelId, "shipmentId": $states.result.Payload.shipmentId, "trackingNumber": $states.result.Payload.trackingNumber} %}',
    }).addRetry(lambdaThrottlingRetry).addRetry(lambdaServiceRetry);
    const shipParcels = sfn.Map.jsonata(this, 'ShipParcels', {
      items: sfn.ProvideItems.jsonata('{% $parcels %}'),
      jsonataItemSelector: `{% {"orderId": $order.orderId, "executionId": ${EXECUTION_ID}, "parcel": $states.context.Map.Item.Value} %}`,
      maxConcurrency: props.shipParcelsConcurrency,
      outputs: '{% {"shipments": $states.result} %}',
    })
      .itemProcessor(createShipment)
      .addCatch(cancelShipments, { assign: rememberFailure('ShipParcels') });

    const confirmOrder = tasks.DynamoUpdateItem.jsonata(this, 'ConfirmOrder', {
      table: props.ordersTable,
      key: { orderId: tasks.DynamoAttributeValue.fromString('{% $order.orderId %}') },
      // Only this execution's reservation may be confirmed. CONFIRMED by this execution passes too: a
      // retry after a timeout or an error that came back after the write committed confirms again,
      // instead of failing and compensating a confirmed order. A RELEASED row (compensated) fails.
      conditionExpression: '(#status = :reserved OR #status = :confirmed) AND executionId = :executionId',
      updateExpression: 'SET #status = :confirmed, shipments = :shipments, confirmedAt = :now, updatedAt = :now',
      expressionAttributeNames: { '#status': 'status' },
      expressionAttributeValues: {
        ':reserved': tasks.DynamoAttributeValue.fromString('RESERVED'),
        ':confirmed': tasks.DynamoAttributeValue.fromString('CONFIRMED'),
        ':executionId': tasks.DynamoAttributeValue.fromString(`{% ${EXECUTION_ID} %}`),
        ':now': tasks.DynamoAttributeValue.fromString('{% $states.context.State.EnteredTime %}'),
        ':shipments': tasks.DynamoAttributeValue.listFromJsonata(
          '{% [$states.input.shipments.{"M": {"parcelId": {"S": parcelId}, "shipmentId": {"S": shipmentId}, "trackingNumber": {"S": trackingNumber}}}] %}',
        ),
      },
      taskTimeout: sfn.Timeout.duration(Duration.seconds(10)),
      outputs: '{% {"shipments": $states.input.shipments} %}',
    })
      .addRetry(dynamoServiceRetry)
      .addCatch(cancelShipments, { assign: rememberFailure('ConfirmOrder') });

    const publishOrderConfirmed = publish(
      'PublishOrderConfirmed',
      'OrderConfirmed',
      '"orderId": $order.orderId, "customerId": $order.customerId, "total": $total, "currency": $order.currency, "shipments": $states.input.shipments',
      '{% {"orderId": $order.orderId, "status": "CONFIRMED", "shipments": $states.input.shipments} %}',
    );

    // ── The chain ────────────────────────────────────────────────────────────────────────────────
    const isPaymentSettled = sfn.Choice.jsonata(this, 'IsPaymentSettled?')
      .when(sfn.Condition.jsonata('{% $states.input.status = "CAPTURED" %}'), shipParcels, { comment: 'CAPTURED' })
      .when(
        sfn.Condition.jsonata(`{% $states.input.status = "PENDING" and $pollCount < ${props.maxPaymentChecks} %}`),
        waitForSettlement,
        { comment: 'PENDING, checks left' },
      )
      // Whatever is left is DECLINED, or still PENDING after the last check: treated as declined,
      // and RefundPayment voids the pending charge.
      .when(sfn.Condition.jsonata('{% true %}'), refundPayment, {
        comment: 'DECLINED or never settled',
        assign: {
          failure: `{% {"error": "PaymentDeclined", "cause": $states.input.status = "DECLINED" ? "the payment was declined" : "the payment was still pending after ${props.maxPaymentChecks} checks", "step": $pollCount = 0 ? "ChargePayment" : "CheckPayment"} %}`,
        },
      });
    waitForSettlement.next(checkPayment);
    checkPayment.next(isPaymentSettled);

    const isRiskAcceptable = sfn.Choice.jsonata(this, 'IsRiskAcceptable?')
      .when(sfn.Condition.jsonata('{% $states.input.risk = "HIGH" %}'), publishOrderRejected, {
        comment: 'HIGH fraud risk',
        assign: {
          rejection: '{% {"error": "FraudRiskTooHigh", "cause": "fraud risk HIGH: " & $join($states.input.reasons, "; ")} %}',
        },
      })
      .when(sfn.Condition.jsonata('{% $states.input.deliverable = false %}'), publishOrderRejected, {
        comment: 'address undeliverable',
        assign: {
          rejection: '{% {"error": "AddressUndeliverable", "cause": "address undeliverable: " & $states.input.addressReason} %}',
        },
      })
      .otherwise(reserveInventory);

    const isHighValue = sfn.Choice.jsonata(this, 'IsHighValue?')
      .when(sfn.Condition.jsonata(`{% $total >= ${props.highValueThreshold} %}`), riskChecks.next(isRiskAcceptable), {
        comment: `total ≥ ${props.highValueThreshold}`,
      })
      .otherwise(reserveInventory);

    reserveInventory.next(chargePayment).next(isPaymentSettled);
    shipParcels.next(confirmOrder).next(publishOrderConfirmed).next(orderConfirmed);

    this.startState = validateOrder.next(isHighValue);
  }
}

interface InvokeOptions {
  readonly payload?: string;
  readonly outputs?: unknown;
  readonly assign?: Record<string, unknown>;
  readonly comment?: string;
}
