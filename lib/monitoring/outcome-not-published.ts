/**
 * The Fail state, and its Error, of an execution whose outcome event EventBridge refused after every
 * retry. The workflow ends there and the alarms match on it, so both read this one constant.
 * (A module of its own, importing nothing: the definition and the alarms both depend on it.)
 */
export const OUTCOME_NOT_PUBLISHED = 'OutcomeNotPublished';
