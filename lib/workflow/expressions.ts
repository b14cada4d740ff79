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
 * A caught error's message. Lambda reports `Cause` as the JSON of `{errorType, errorMessage, trace}`;
 * people (and the outcome events) want only the message. Other causes (States.Timeout, service
 * errors) are kept as they are; a missing cause becomes "".
 */
const CAUSE_MESSAGE =
  '($c := $states.errorOutput.Cause; $exists($c) ? ($contains($c, /^\\{"errorType"/) ? $parse($c).errorMessage : $c) : "")';

/** `Assign` for a Catch on a forward step: remember the first failure and where it happened. */
export function rememberFailure(step: string): Record<string, string> {
  return {
    failure: `{% {"error": $states.errorOutput.Error, "cause": ${CAUSE_MESSAGE}, "step": "${step}"} %}`,
  };
}

/** `Assign` for a Catch on a compensation that gave up: which undo failed, and why. */
export function rememberCompensationFailure(compensation: string): Record<string, string> {
  return {
    compensationFailure: `{% {"compensation": "${compensation}", "error": $states.errorOutput.Error, "cause": ${CAUSE_MESSAGE}} %}`,
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
