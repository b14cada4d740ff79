import { App, RemovalPolicy } from 'aws-cdk-lib';
import { OrderSagaStack, OrderSagaStackProps } from './order-saga-stack';

export const STACK_NAME = 'OrderSagaStack';

/**
 * The deployed stack's settings, from CDK context (`cdk deploy -c removalPolicy=destroy`) or the
 * environment (`ORDER_SAGA_REMOVAL_POLICY=destroy`), so bin/ and the tests build the same stack.
 * Context wins over the environment.
 */
export function stackPropsFromContext(app: App, env: NodeJS.ProcessEnv = process.env): OrderSagaStackProps {
  const setting = (contextKey: string, envKey: string): string | undefined => {
    const value = app.node.tryGetContext(contextKey) ?? env[envKey];
    return value === undefined || value === '' ? undefined : String(value);
  };
  const removal = setting('removalPolicy', 'ORDER_SAGA_REMOVAL_POLICY');
  const logData = setting('logExecutionData', 'ORDER_SAGA_LOG_EXECUTION_DATA');
  return {
    removalPolicy: parseRemovalPolicy(removal),
    logExecutionData: logData === undefined ? undefined : parseBoolean('logExecutionData', logData),
    alarmEmail: setting('alarmEmail', 'ORDER_SAGA_ALARM_EMAIL'),
    description: 'Order saga: a Step Functions saga over Lambda handlers, DynamoDB and EventBridge',
  };
}

export function addOrderSagaStack(app: App, env: NodeJS.ProcessEnv = process.env): OrderSagaStack {
  return new OrderSagaStack(app, STACK_NAME, stackPropsFromContext(app, env));
}

function parseRemovalPolicy(value: string | undefined): RemovalPolicy | undefined {
  if (value === undefined) return undefined;
  switch (value.toLowerCase()) {
    case 'destroy':
      return RemovalPolicy.DESTROY;
    case 'retain':
      return RemovalPolicy.RETAIN;
    default:
      throw new Error(`removalPolicy must be "destroy" (a dev stack) or "retain", got "${value}"`);
  }
}

function parseBoolean(name: string, value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`${name} must be "true" or "false", got "${value}"`);
}
