import { CfnOutput, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { OrderEventBus, OrderPlacedRoute } from './events/order-events';
import { SagaFunctions } from './functions/saga-functions';
import { SagaAlarms } from './monitoring/saga-alarms';
import { InventorySeed } from './storage/inventory-seed';
import { SagaTables } from './storage/saga-tables';
import { OrderSagaStateMachine } from './workflow/order-saga-state-machine';

export interface OrderSagaStackProps extends StackProps {
  /** Orders with a total (minor units) at or above this go through RiskChecks. @default 100000 */
  readonly highValueThreshold?: number;
  /**
   * CheckPayment calls for a PENDING charge before it counts as declined, 1 to MAX_PAYMENT_CHECKS.
   * The machine's timeout grows with it and with settlementWaitSeconds. @default 5
   */
  readonly maxPaymentChecks?: number;
  /** WaitForSettlement's wait between checks. @default 10 */
  readonly settlementWaitSeconds?: number;
  /** ShipParcels' MaxConcurrency. @default 4 */
  readonly shipParcelsConcurrency?: number;
  /** Log execution inputs and outputs (they hold payment tokens and addresses). @default false */
  readonly logExecutionData?: boolean;
  /**
   * What `cdk destroy` does to tables, the dead-letter queue and log groups: DESTROY for a dev stack.
   * Retained log groups never block a redeploy: the ones that need a fixed prefix get a name unique to
   * the stack instance (lib/monitoring/log-group-names.ts), the others a generated one. @default RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /** Subscribed to the alarm topic when given. */
  readonly alarmEmail?: string;
  /** @default one month */
  readonly logRetention?: logs.RetentionDays;
}

export const ORDER_SAGA_DEFAULTS = {
  highValueThreshold: 100_000,
  maxPaymentChecks: 5,
  settlementWaitSeconds: 10,
  shipParcelsConcurrency: 4,
  logExecutionData: false,
  removalPolicy: RemovalPolicy.RETAIN,
  logRetention: logs.RetentionDays.ONE_MONTH,
} as const;

/** The order saga: tables, handlers, the workflow, its event bus and its alarms. */
export class OrderSagaStack extends Stack {
  constructor(scope: Construct, id: string, props: OrderSagaStackProps = {}) {
    super(scope, id, props);
    const settings = { ...ORDER_SAGA_DEFAULTS, ...withoutUndefined(props) };
    checkSettings(settings);
    const { removalPolicy, logRetention } = settings;

    const tables = new SagaTables(this, 'Tables', { removalPolicy });
    new InventorySeed(this, 'InventorySeed', { inventory: tables.inventory, logRetention, removalPolicy });
    const functions = new SagaFunctions(this, 'Handlers', { tables, logRetention, removalPolicy });
    const { bus } = new OrderEventBus(this, 'Events');
    const workflow = new OrderSagaStateMachine(this, 'Workflow', {
      functions,
      ordersTable: tables.orders,
      bus,
      highValueThreshold: settings.highValueThreshold,
      maxPaymentChecks: settings.maxPaymentChecks,
      settlementWaitSeconds: settings.settlementWaitSeconds,
      shipParcelsConcurrency: settings.shipParcelsConcurrency,
      logExecutionData: settings.logExecutionData,
      logRetention,
      removalPolicy,
    });
    const route = new OrderPlacedRoute(this, 'OrderPlaced', { bus, stateMachine: workflow.stateMachine, removalPolicy });
    const alarms = new SagaAlarms(this, 'Alarms', {
      stateMachine: workflow.stateMachine,
      bus,
      deadLetterQueue: route.deadLetterQueue,
      alarmEmail: settings.alarmEmail,
      logRetention,
      removalPolicy,
    });

    new CfnOutput(this, 'StateMachineArn', { value: workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'EventBusName', { value: bus.eventBusName });
    new CfnOutput(this, 'OrdersTableName', { value: tables.orders.tableName });
    new CfnOutput(this, 'InventoryTableName', { value: tables.inventory.tableName });
    new CfnOutput(this, 'PaymentsTableName', { value: tables.payments.tableName });
    new CfnOutput(this, 'ShipmentsTableName', { value: tables.shipments.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
  }
}

function withoutUndefined<T extends object>(props: T): Partial<T> {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A Standard execution's history holds 25,000 events at most. A settlement check adds nine (Wait,
 * Task and Choice entered and exited, the task scheduled, started and succeeded) and three per retry
 * of CheckPayment: a thousand checks, every one retried, stay under it with the rest of the path.
 */
export const MAX_PAYMENT_CHECKS = 1000;

/**
 * Bad settings fail the synth with the property's name, before anything is built from them. The
 * state machine refuses a polling loop longer than an execution may run (see machineTimeout).
 */
function checkSettings(s: {
  highValueThreshold: number;
  maxPaymentChecks: number;
  settlementWaitSeconds: number;
  shipParcelsConcurrency: number;
}): void {
  const integer = (name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
      throw new Error(`OrderSagaStack: ${name} must be an integer ${range}, got ${value}`);
    }
  };
  integer('highValueThreshold', s.highValueThreshold, 0);
  integer('maxPaymentChecks', s.maxPaymentChecks, 1, MAX_PAYMENT_CHECKS);
  integer('settlementWaitSeconds', s.settlementWaitSeconds, 1);
  integer('shipParcelsConcurrency', s.shipParcelsConcurrency, 1);
}
