import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Handlers log only safe fields (ids, statuses, counts, error names): never the
 * event itself, a payment token or an address, which is why nothing here logs its input.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'order-saga' });

const ORDER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The part of the Lambda context the handlers use (tests pass a stand-in with the same method). */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/**
 * Wraps a handler so every log line of the invocation carries its orderId (only when it looks like
 * one: a malformed event must not smuggle other data into the logs), and the outcome is logged once:
 * the error name and message on failure (messages are written never to contain tokens or addresses).
 */
export function instrument<I, O>(
  step: string,
  run: (event: I, context?: InvocationContext) => Promise<O>,
): (event: I, context?: InvocationContext) => Promise<O> {
  return async (event, context) => {
    const orderId = (event as { orderId?: unknown } | null)?.orderId;
    logger.resetKeys();
    logger.appendKeys({ step, ...(typeof orderId === 'string' && ORDER_ID.test(orderId) ? { orderId } : {}) });
    try {
      const result = await run(event, context);
      logger.info(`${step} succeeded`);
      return result;
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      logger.warn(`${step} failed`, { errorName: name, errorMessage: message });
      throw error;
    }
  };
}
