/**
 * The JSONata the workflow repeats: how a caught error becomes `$failure`, `$rejection` or
 * `$compensationFailure`, and how an outcome event classifies an error. Kept here so the definition
 * file reads like the diagram.
 */

/** Errors that are outcomes of the business, not faults (docs/design.md, "Events"). */
export const BUSINESS_ERRORS = [
  'InvalidOrder',
  'FraudRiskTooHigh',
  'AddressUndeliverable',
  'OutOfStock',
  'UnknownSku',
  'DuplicateOrder',
  'PaymentDeclined',
  'ParcelUndeliverable',
] as const;

/**
 * A caught error's message. Lambda reports `Cause` as JSON: `{"errorType", "errorMessage", "trace"}`
 * from a handler, `{"errorType":"Sandbox.Timedout"|"Runtime.ExitError", "errorMessage"}` from the
 * runtime, keys in either order; Step Functions truncates a long Cause, and then it is not JSON at
 * all. So the message is found with a regular expression (only a complete JSON string matches) and
 * unescaped by `$parse` of that string alone, which cannot fail; anything else (States.Timeout,
 * service errors, a truncated cause) is kept as given, and a missing cause becomes "". JSONata 2.0.6
 * has no try/catch: a `$parse` of the whole Cause would turn a truncated one into an error of the
 * Catch itself.
 */
// (The backslash comes first in the class: JSONata's lexer would read `\]` as an escaped bracket.)
const LAMBDA_ERROR_MESSAGE = String.raw`/"errorMessage"\s*:\s*"((?:[^\\"]|\\.)*)"/`;
const CAUSE_MESSAGE = `($c := $states.errorOutput.Cause; $m := $type($c) = "string" ? $match($c, ${LAMBDA_ERROR_MESSAGE})[0]; $exists($m) ? $parse('"' & $m.groups[0] & '"') : ($type($c) = "string" ? $c : ""))`;

/** `Assign` for a Catch on a forward step: remember the first failure and where it happened. */
export function rememberFailure(step: string): Record<string, string> {
  return {
    failure: `{% {"error": $states.errorOutput.Error, "cause": ${CAUSE_MESSAGE}, "step": "${step}"} %}`,
  };
}

/** The compensations in the order they run; each undoes one forward step. */
export const COMPENSATIONS = ['CancelShipments', 'RefundPayment', 'ReleaseInventory'] as const;
export type Compensation = (typeof COMPENSATIONS)[number];

/**
 * `Assign` for a Catch on a compensation that gave up: which undo failed, why, and what is left
 * undone for a human: that compensation and every one after it, the amount that may still be
 * charged, the lines whose stock may still be held and the parcels that may still be booked.
 */
export function rememberCompensationFailure(compensation: Compensation): Record<string, string> {
  const undone = COMPENSATIONS.slice(COMPENSATIONS.indexOf(compensation));
  const parts = [
    `"compensations": [${undone.map((c) => `"${c}"`).join(', ')}]`,
    `"amount": ${undone.includes('RefundPayment') ? '$total' : '0'}`,
    '"lines": [$order.items.{"sku": sku, "quantity": quantity}]',
    `"parcelIds": ${undone.includes('CancelShipments') ? '[$parcels.parcelId]' : '[]'}`,
  ];
  return {
    compensationFailure: `{% {"compensation": "${compensation}", "error": $states.errorOutput.Error, "cause": ${CAUSE_MESSAGE}, "undone": {${parts.join(', ')}}} %}`,
  };
}

/** `Assign` for a Catch on a Publish* state that gave up: which outcome went unpublished, and why. */
export function rememberUnpublished(outcome: string): Record<string, string> {
  return {
    unpublished: `{% {"outcome": "${outcome}", "error": $states.errorOutput.Error, "cause": ${CAUSE_MESSAGE}} %}`,
  };
}

/** `Assign` for ValidateOrder's rejection: the message names the offending field. */
export const REMEMBER_INVALID_ORDER = {
  rejection: `{% {"error": $states.errorOutput.Error, "cause": ${CAUSE_MESSAGE}} %}`,
};

/**
 * When ValidateOrder itself fails, `$order` was never assigned; keep what the outcome event needs
 * (the orderId, if the input had one) so later states can read `$order.orderId` on every path.
 */
export const REMEMBER_RAW_ORDER_ID = {
  order: '{% {"orderId": $states.input.orderId} %}',
};

/** `business` or `technical`, as the OrderFailed event reports it (alarms key on `technical`). */
export const ERROR_KIND = `($failure.error in [${BUSINESS_ERRORS.map((e) => `"${e}"`).join(', ')}] ? "business" : "technical")`;
