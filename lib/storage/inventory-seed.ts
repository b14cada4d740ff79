import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { catalog, CatalogItem } from '../../lambda/catalog';

export interface InventorySeedProps {
  readonly inventory: dynamodb.ITable;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Puts the catalogue (lambda/catalog.ts, the SKUs the examples use) into the inventory table on
 * deploy, and again whenever the catalogue changes (the call's parameters change). One BatchWriteItem:
 * the catalogue is far below its 25-item limit, which the constructor checks.
 */
export class InventorySeed extends Construct {
  constructor(scope: Construct, id: string, props: InventorySeedProps) {
    super(scope, id);
    if (catalog.length === 0 || catalog.length > 25) {
      throw new Error(`the catalogue has ${catalog.length} items; one BatchWriteItem seeds 1 to 25`);
    }
    const call: cr.AwsSdkCall = {
      service: 'DynamoDB',
      action: 'batchWriteItem',
      parameters: {
        RequestItems: { [props.inventory.tableName]: catalog.map((item) => ({ PutRequest: { Item: toItem(item) } })) },
      },
      physicalResourceId: cr.PhysicalResourceId.of('order-saga-inventory-seed'),
    };
    new cr.AwsCustomResource(this, 'Seed', {
      onCreate: call,
      onUpdate: call,
      policy: cr.AwsCustomResourcePolicy.fromStatements([
        new iam.PolicyStatement({ actions: ['dynamodb:BatchWriteItem'], resources: [props.inventory.tableArn] }),
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
