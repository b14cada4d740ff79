import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { SAGA_NAME_METADATA, TableName } from '../functions/handler-specs';

export interface SagaTablesProps {
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The four tables of docs/design.md: on demand (the saga's load is bursty and small) with
 * point-in-time recovery (orders and the payments ledger are the record of what happened).
 */
export class SagaTables extends Construct {
  readonly orders: dynamodb.Table;
  readonly inventory: dynamodb.Table;
  readonly payments: dynamodb.Table;
  readonly shipments: dynamodb.Table;

  constructor(scope: Construct, id: string, props: SagaTablesProps) {
    super(scope, id);
    this.orders = this.table('Orders', 'orders', 'orderId');
    this.inventory = this.table('Inventory', 'inventory', 'sku');
    this.payments = this.table('Payments', 'payments', 'orderId', 'entry');
    this.shipments = this.table('Shipments', 'shipments', 'orderId', 'parcelId');
    for (const table of this.all()) table.applyRemovalPolicy(props.removalPolicy);
  }

  /** By the short name handlers use (`ORDERS_TABLE` and so on). */
  byName(name: TableName): dynamodb.Table {
    return this[name];
  }

  all(): dynamodb.Table[] {
    return [this.orders, this.inventory, this.payments, this.shipments];
  }

  private table(id: string, name: TableName, partitionKey: string, sortKey?: string): dynamodb.Table {
    const table = new dynamodb.Table(this, id, {
      partitionKey: { name: partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: sortKey ? { name: sortKey, type: dynamodb.AttributeType.STRING } : undefined,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    (table.node.defaultChild as dynamodb.CfnTable).addMetadata(SAGA_NAME_METADATA, name);
    return table;
  }
}
