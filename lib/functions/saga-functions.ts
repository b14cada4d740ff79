import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SagaTables } from '../storage/saga-tables';
import { HandlerFunction } from './handler-function';
import { HANDLER_NAMES, HANDLERS, HandlerName, TABLE_ENV, TableName } from './handler-specs';

export interface SagaFunctionsProps {
  readonly tables: SagaTables;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The ten handlers, each given the names of the tables it uses and exactly the actions
 * `HANDLERS` lists on them, as precise statements: the `grant*Data` helpers would add actions the
 * handlers never call (Scan, DeleteItem, DescribeTable, ...).
 */
export class SagaFunctions extends Construct {
  private readonly byName = new Map<HandlerName, HandlerFunction>();

  constructor(scope: Construct, id: string, props: SagaFunctionsProps) {
    super(scope, id);
    for (const name of HANDLER_NAMES) {
      const spec = HANDLERS[name];
      const used = Object.keys(spec.tables) as TableName[];
      const handler = new HandlerFunction(this, pascal(name), {
        name,
        spec,
        environment: Object.fromEntries(used.map((t) => [TABLE_ENV[t], props.tables.byName(t).tableName])),
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
      });
      for (const table of used) {
        handler.role.addToPolicy(
          new iam.PolicyStatement({
            actions: [...spec.tables[table]!],
            resources: [props.tables.byName(table).tableArn],
          }),
        );
      }
      this.byName.set(name, handler);
    }
  }

  get(name: HandlerName): HandlerFunction {
    const handler = this.byName.get(name);
    if (!handler) throw new Error(`no handler named ${name}`);
    return handler;
  }
}

function pascal(name: string): string {
  return name[0].toUpperCase() + name.slice(1);
}
