/**
 * The saga's Lambda handlers as data: which file each is built from, how long its step may take
 * and which table actions it needs. The function constructs, the workflow definition, the tests and
 * the local emulator all read this one table, so a handler's name, entry and permissions cannot drift
 * apart. (No construct imports here: the emulator reads it without loading aws-cdk-lib.)
 */

/**
 * CloudFormation metadata naming a resource by its role in the saga (`validateOrder`, `orders`,
 * `bus`), so test/support/render-definition.ts can show references by those names.
 */
export const SAGA_NAME_METADATA = 'order-saga:name';

/** The tables of docs/design.md, by the short name their handlers' environment variables use. */
export type TableName = 'orders' | 'inventory' | 'payments' | 'shipments';

export const TABLE_ENV: Record<TableName, string> = {
  orders: 'ORDERS_TABLE',
  inventory: 'INVENTORY_TABLE',
  payments: 'PAYMENTS_TABLE',
  shipments: 'SHIPMENTS_TABLE',
};

export type HandlerName =
  | 'validateOrder'
  | 'assessFraudRisk'
  | 'verifyAddress'
  | 'reserveInventory'
  | 'chargePayment'
  | 'checkPayment'
  | 'refundPayment'
  | 'releaseInventory'
  | 'createShipment'
  | 'cancelShipments';

export interface HandlerSpec {
  /** `lambda/<entry>.ts`, exporting `handler`. */
  readonly entry: string;
  /**
   * The workflow step's `TimeoutSeconds`. The function itself gets a few seconds more, so Step
   * Functions gives up first and the Catch sees a catchable `States.Timeout` (the charged-then-timed-
   * out payment depends on this) instead of the function dying mid-write.
   */
  readonly taskTimeoutSeconds: number;
  readonly memoryMb: number;
  /** Exactly the DynamoDB actions the handler calls, per table (least privilege, asserted in tests). */
  readonly tables: Partial<Record<TableName, readonly string[]>>;
}

/** How much longer than its step's timeout a function may run (see `taskTimeoutSeconds`). */
export const FUNCTION_TIMEOUT_MARGIN_SECONDS = 5;

export const HANDLERS: Record<HandlerName, HandlerSpec> = {
  validateOrder: { entry: 'validate-order', taskTimeoutSeconds: 10, memoryMb: 256, tables: {} },
  assessFraudRisk: { entry: 'assess-fraud-risk', taskTimeoutSeconds: 10, memoryMb: 256, tables: {} },
  verifyAddress: { entry: 'verify-address', taskTimeoutSeconds: 10, memoryMb: 256, tables: {} },
  reserveInventory: {
    entry: 'reserve-inventory',
    taskTimeoutSeconds: 15,
    memoryMb: 512,
    tables: {
      orders: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      inventory: ['dynamodb:BatchGetItem', 'dynamodb:UpdateItem'],
    },
  },
  chargePayment: {
    entry: 'charge-payment',
    taskTimeoutSeconds: 15,
    memoryMb: 512,
    tables: { payments: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
  },
  checkPayment: {
    entry: 'check-payment',
    taskTimeoutSeconds: 10,
    memoryMb: 256,
    tables: { payments: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] },
  },
  refundPayment: {
    entry: 'refund-payment',
    taskTimeoutSeconds: 15,
    memoryMb: 256,
    tables: { payments: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'] },
  },
  releaseInventory: {
    entry: 'release-inventory',
    taskTimeoutSeconds: 15,
    memoryMb: 256,
    tables: {
      orders: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      inventory: ['dynamodb:UpdateItem'],
    },
  },
  createShipment: {
    entry: 'create-shipment',
    taskTimeoutSeconds: 15,
    memoryMb: 256,
    tables: { shipments: ['dynamodb:GetItem', 'dynamodb:PutItem'] },
  },
  cancelShipments: {
    entry: 'cancel-shipments',
    taskTimeoutSeconds: 15,
    memoryMb: 256,
    tables: { shipments: ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'] },
  },
};

export const HANDLER_NAMES = Object.keys(HANDLERS) as HandlerName[];
