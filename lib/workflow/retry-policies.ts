import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * The retry policies of the saga, in one place. Every policy backs off exponentially with full
 * jitter (retries of many executions spread out instead of hammering a recovering service together).
 * Business errors are never listed: retrying a decline or an empty shelf cannot change the answer.
 */

/**
 * Lambda's own transient failures, the list AWS recommends retrying ("Handle transient Lambda service
 * exceptions" in the Step Functions guide). The invocation may or may not have run, which every
 * handler survives (docs/design.md: idempotent for as long as the row exists).
 */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];

export const lambdaServiceRetry: sfn.RetryProps = {
  errors: LAMBDA_SERVICE_ERRORS,
  interval: Duration.seconds(1),
  maxAttempts: 3,
  backoffRate: 2,
  maxDelay: Duration.seconds(8),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * Throttling is the account's concurrency limit reached: a surge of orders, not a broken service. It
 * lasts as long as the surge, so it gets a longer budget than a service error (up to about 4 minutes,
 * 90 s on average with its jitter); the 8 s of the service-error policy gave up while a surge of 200
 * orders was still draining (`npm run bench`, the load run), and so did 6 attempts for 5 of them.
 */
export const lambdaThrottlingRetry: sfn.RetryProps = {
  errors: ['Lambda.TooManyRequestsException'],
  interval: Duration.seconds(2),
  maxAttempts: 10,
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  jitterStrategy: sfn.JitterType.FULL,
};

/** The simulated gateway did not answer and charged nothing, so charging again is safe. */
export const gatewayUnavailableRetry: sfn.RetryProps = {
  errors: ['PaymentGatewayUnavailable'],
  interval: Duration.seconds(1),
  maxAttempts: 3,
  backoffRate: 2,
  maxDelay: Duration.seconds(8),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * ConfirmOrder's DynamoDB throttling, server errors and its own timeout. A timeout or a 5xx may come
 * back after the write committed; the retry is safe because ConfirmOrder's condition also accepts
 * the row this execution already CONFIRMED. A failed condition (another execution's row, or ours
 * already RELEASED) is not retried: the answer cannot change.
 */
export const dynamoServiceRetry: sfn.RetryProps = {
  errors: [
    'DynamoDB.ProvisionedThroughputExceededException',
    'DynamoDB.ThrottlingException',
    'DynamoDB.RequestLimitExceeded',
    'DynamoDB.InternalServerErrorException',
    sfn.Errors.TIMEOUT,
  ],
  interval: Duration.seconds(1),
  maxAttempts: 3,
  backoffRate: 2,
  maxDelay: Duration.seconds(8),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * Publishing an outcome event has no business errors, only transient ones (throttling, and
 * `EventBridge.FailedEntry`, which the optimized integration raises when PutEvents rejects the
 * entry): retry everything. A repeat after a lost answer may publish twice; EventBridge delivery
 * is at least once anyway.
 */
export const publishRetry: sfn.RetryProps = {
  errors: [sfn.Errors.ALL],
  interval: Duration.seconds(1),
  maxAttempts: 3,
  backoffRate: 2,
  maxDelay: Duration.seconds(8),
  jitterStrategy: sfn.JitterType.FULL,
};

/**
 * Compensations are idempotent and must not give up easily: a refund that is never made is money
 * kept. Every error is retried, longer than forward steps, before a human is called.
 */
export const compensationRetry: sfn.RetryProps = {
  errors: [sfn.Errors.ALL],
  interval: Duration.seconds(2),
  maxAttempts: 5,
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  jitterStrategy: sfn.JitterType.FULL,
};
