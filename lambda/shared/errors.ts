/**
 * Domain errors. The Lambda runtime reports `error.name` as the `errorType` that Step Functions
 * matches in Retry and Catch, so every class sets `name` to a string literal: a bare `extends Error`
 * would report "Error", and esbuild's minifier renames classes.
 */

/** The order failed schema validation; the message starts with the offending field's path. */
export class InvalidOrder extends Error {
  override readonly name = 'InvalidOrder';
}

/** A handler got an input that does not match its contract (a wiring bug, not a business outcome). */
export class InvalidInput extends Error {
  override readonly name = 'InvalidInput';
}

/** At least one line asks for more than the warehouse holds. */
export class OutOfStock extends Error {
  override readonly name = 'OutOfStock';
  constructor(readonly skus: string[]) {
    super(`not enough stock for ${skus.join(', ')}`);
  }
}

/** At least one line names a SKU that is not in the catalogue. */
export class UnknownSku extends Error {
  override readonly name = 'UnknownSku';
  constructor(readonly skus: string[]) {
    super(`unknown SKU ${skus.join(', ')}`);
  }
}

/** Another execution already claimed this orderId. */
export class DuplicateOrder extends Error {
  override readonly name = 'DuplicateOrder';
}

/** The same orderId came back with a different payload (or from another execution). */
export class IdempotencyConflict extends Error {
  override readonly name = 'IdempotencyConflict';
}

/** The gateway declined the payment. */
export class PaymentDeclined extends Error {
  override readonly name = 'PaymentDeclined';
}

/** The gateway did not answer; nothing was charged, so a retry is safe. */
export class PaymentGatewayUnavailable extends Error {
  override readonly name = 'PaymentGatewayUnavailable';
}

/**
 * The gateway charged but never answered. On AWS the function times out before this is thrown;
 * it only surfaces where nothing enforces the function's timeout.
 */
export class PaymentGatewayTimeout extends Error {
  override readonly name = 'PaymentGatewayTimeout';
}

/** checkPayment was asked about a charge the ledger does not hold. */
export class PaymentNotFound extends Error {
  override readonly name = 'PaymentNotFound';
}

/** The gateway refused a refund; the charge stands, so the workflow retries. */
export class RefundFailed extends Error {
  override readonly name = 'RefundFailed';
}

/** No carrier takes the parcel. */
export class ParcelUndeliverable extends Error {
  override readonly name = 'ParcelUndeliverable';
}

/** CreateShipment ran after CancelShipments withdrew its parcel (a sibling parcel had failed). */
export class ShipmentCancelled extends Error {
  override readonly name = 'ShipmentCancelled';
}

/**
 * A ReserveInventory invocation finished after ReleaseInventory had fenced or released the order
 * (its step had timed out and the workflow moved on); it took no stock.
 */
export class ReservationReleased extends Error {
  override readonly name = 'ReservationReleased';
}

/**
 * ReleaseInventory found the order CONFIRMED: putting its stock back would sell the same goods
 * twice, so the compensation refuses and leaves the order for a human.
 */
export class OrderAlreadyConfirmed extends Error {
  override readonly name = 'OrderAlreadyConfirmed';
}

/**
 * A ChargePayment invocation finished after RefundPayment had cancelled the charge (its step had
 * timed out and the workflow moved on); nothing was charged.
 */
export class PaymentCancelled extends Error {
  override readonly name = 'PaymentCancelled';
}
