import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { catalog, CatalogItem } from '../../seed/catalog';

/** TransactWriteItems takes at most 100 actions. */
export const MAX_SEEDED_ITEMS = 100;

export interface InventorySeedProps {
  readonly inventory: dynamodb.ITable;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Puts the catalogue (seed/catalog.ts, the SKUs the examples use) into the inventory table on
 * deploy, and again whenever the catalogue changes (the call's parameters change).
 *
 * One TransactWriteItems, all or nothing: it either writes every item or fails, and the deploy with
 * it. BatchWriteItem may answer success with some items left in `UnprocessedItems`, and
 * AwsCustomResource makes one call and cannot loop on them, so an item could be dropped silently.
 * One Put per item also fails loudly, but as one custom resource per item; the transaction keeps it
 * one call up to 100 items, which the constructor checks.
 */
export class InventorySeed extends Construct {
  constructor(scope: Construct, id: string, props: InventorySeedProps) {
    super(scope, id);
    if (catalog.length === 0 || catalog.length > MAX_SEEDED_ITEMS) {
      throw new Error(`the catalogue has ${catalog.length} items; one TransactWriteItems seeds 1 to ${MAX_SEEDED_ITEMS}`);
    }
    const call: cr.AwsSdkCall = {
      service: 'DynamoDB',
      action: 'transactWriteItems',
      parameters: {
        TransactItems: catalog.map((item) => ({ Put: { TableName: props.inventory.tableName, Item: toItem(item) } })),
      },
      physicalResourceId: cr.PhysicalResourceId.of('order-saga-inventory-seed'),
    };
    new cr.AwsCustomResource(this, 'Seed', {
      onCreate: call,
      onUpdate: call,
      // A transaction's Put is authorised as PutItem (DynamoDB: "Using IAM with DynamoDB transactions").
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [props.inventory.tableArn] }),
      ]),
      installLatestAwsSdk: false,
      // The provider's log group with the stack's retention and removal policy, not CDK's defaults.
      logGroup: new logs.LogGroup(this, 'ProviderLogs', {
        retention: props.logRetention,
        removalPolicy: props.removalPolicy,
      }),
    });

    // The provider is CDK's shared singleton function; acknowledge its finding on its role alone.
    const provider = Stack.of(this).node.findChild('AWS679f53fac002430cb0da5b7982bd2287');
    Validations.of(provider.node.findChild('ServiceRole')).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "The role of CDK's AwsCustomResource provider (not configurable); it runs once per deploy to seed the inventory.",
    });
  }
}

/** A catalogue item as DynamoDB attribute values (the SDK's marshaller is not needed for five fields). */
function toItem(item: CatalogItem): Record<string, Record<string, string>> {
  return {
    sku: { S: item.sku },
    name: { S: item.name },
    warehouse: { S: item.warehouse },
    stock: { N: String(item.stock) },
    weightGrams: { N: String(item.weightGrams) },
  };
}
