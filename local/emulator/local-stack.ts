import path from 'node:path';
import { CloudFormationTemplate, SynthesizedStack } from './assembly';
import { BusRule, busNameOf } from './event-bus';
import { resolveIntrinsics, ResolvedResources, UnresolvableTemplateError } from './cloudformation-intrinsics';
import { FunctionSpec } from './lambda-host';
import { TableResource } from './tables';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

/** An SDK call a custom resource makes on deploy (CDK's `AwsCustomResource`), e.g. seeding a table. */
export interface DeployTimeCall {
  logicalId: string;
  service: string;
  action: string;
  parameters: Record<string, unknown>;
}

/**
 * The stack as the template describes it, with every resource given a local name and every
 * intrinsic function resolved against those names: what the emulator needs to stand it up.
 */
export interface LocalStack {
  stackName: string;
  functions: FunctionSpec[];
  tables: TableResource[];
  rules: BusRule[];
  busName: string;
  stateMachine: { logicalId: string; arn: string; definition: Record<string, unknown> };
  deployTimeCalls: DeployTimeCall[];
  /** Local name of each table by its logical id, and of each function. */
  names: Map<string, string>;
  /** The stack's outputs, resolved to local names and ARNs. */
  outputs: Record<string, string>;
}

/** Locally every resource is named after its logical id, which is unique and stable across synths. */
function localNames(template: CloudFormationTemplate): Map<string, string> {
  const names = new Map<string, string>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const p = resource.Properties ?? {};
    const explicit = p.TableName ?? p.FunctionName ?? p.Name ?? p.StateMachineName;
    names.set(logicalId, typeof explicit === 'string' ? explicit : logicalId);
  }
  return names;
}

function arnOf(type: string, name: string): string {
  const where = `${LOCAL_REGION}:${LOCAL_ACCOUNT}`;
  switch (type) {
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${where}:table/${name}`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${where}:function:${name}`;
    case 'AWS::Events::EventBus':
      return `arn:aws:events:${where}:event-bus/${name}`;
    case 'AWS::StepFunctions::StateMachine':
      return `arn:aws:states:${where}:stateMachine:${name}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${where}:${name}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${where}:${name}`;
    case 'AWS::Logs::LogGroup':
      return `arn:aws:logs:${where}:log-group:${name}:*`;
    default:
      return `arn:aws:local:${where}:${name}`;
  }
}

function resourcesOf(template: CloudFormationTemplate, names: Map<string, string>): ResolvedResources {
  const pseudo: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': LOCAL_REGION,
    'AWS::AccountId': LOCAL_ACCOUNT,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': 'OrderSagaStack',
    'AWS::NoValue': '',
  };
  const typeOf = (logicalId: string): string => {
    const resource = template.Resources[logicalId];
    if (!resource) throw new UnresolvableTemplateError(`the template has no resource ${logicalId}`);
    return resource.Type;
  };
  return {
    ref(logicalId) {
      if (logicalId in pseudo) return pseudo[logicalId];
      const type = typeOf(logicalId);
      const name = names.get(logicalId)!;
      // Ref gives the ARN for these types, the name for the others.
      return ['AWS::StepFunctions::StateMachine', 'AWS::SNS::Topic'].includes(type) ? arnOf(type, name) : name;
    },
    getAtt(logicalId, attribute) {
      const type = typeOf(logicalId);
      const name = names.get(logicalId)!;
      if (attribute === 'Arn') return arnOf(type, name);
      if (attribute === 'Name' || attribute === 'TableName' || attribute === 'QueueName') return name;
      return `${name}.${attribute}`;
    },
  };
}

export function describeLocalStack(synthesized: SynthesizedStack): LocalStack {
  const { template, assemblyDir } = synthesized;
  const names = localNames(template);
  const resources = resourcesOf(template, names);
  const resolve = <T>(value: unknown): T => resolveIntrinsics(value, resources) as T;
  const entries = Object.entries(template.Resources);
  const ofType = (type: string) => entries.filter(([, resource]) => resource.Type === type);

  const machines = ofType('AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) {
    throw new UnresolvableTemplateError(`expected one state machine in the template, found ${machines.length}`);
  }
  const [machineId, machine] = machines[0];
  const definitionText = resolve<string>(machine.Properties?.DefinitionString);

  // The functions the workflow runs (not, say, CDK's own custom-resource provider).
  const functions: FunctionSpec[] = ofType('AWS::Lambda::Function')
    .filter(([logicalId]) => definitionText.includes(`:function:${names.get(logicalId)}`))
    .map(([logicalId, resource]) => {
      const p = resource.Properties ?? {};
      const [file, exportName] = splitHandler(String(p.Handler ?? 'index.handler'));
      const env = (p.Environment as { Variables?: unknown } | undefined)?.Variables ?? {};
      return {
        logicalId,
        functionName: names.get(logicalId)!,
        entry: path.join(assemblyDir, String(resource.Metadata!['aws:asset:path']), `${file}.mjs`),
        exportName,
        environment: resolve<Record<string, string>>(env),
        timeoutSeconds: Number(p.Timeout ?? 3),
        memoryMb: Number(p.MemorySize ?? 128),
      };
    });

  const tables: TableResource[] = ofType('AWS::DynamoDB::Table').map(([logicalId, resource]) => ({
    logicalId,
    tableName: names.get(logicalId)!,
    properties: resolve(resource.Properties ?? {}),
  }));

  const buses = ofType('AWS::Events::EventBus');
  if (buses.length !== 1) throw new UnresolvableTemplateError(`expected one event bus in the template, found ${buses.length}`);
  const busName = names.get(buses[0][0])!;

  const rules: BusRule[] = ofType('AWS::Events::Rule').map(([logicalId, resource]) => {
    const p = resolve<{
      EventBusName?: string;
      State?: string;
      EventPattern: Record<string, unknown>;
      Targets?: Array<{ Id: string; Arn: string; InputPath?: string; Input?: string }>;
    }>(resource.Properties ?? {});
    return {
      logicalId,
      eventBusName: p.EventBusName ? busNameOf(p.EventBusName) : 'default',
      enabled: (p.State ?? 'ENABLED') === 'ENABLED',
      pattern: p.EventPattern,
      targets: (p.Targets ?? []).map((t) => ({ id: t.Id, arn: t.Arn, inputPath: t.InputPath, input: t.Input })),
    };
  });

  const substitutions = resolve<Record<string, string>>(machine.Properties?.DefinitionSubstitutions ?? {});
  const definition = JSON.parse(
    definitionText.replace(/\$\{([^}]+)\}/g, (whole, key: string) => (key in substitutions ? substitutions[key] : whole)),
  ) as Record<string, unknown>;

  const deployTimeCalls: DeployTimeCall[] = ofType('Custom::AWS').flatMap(([logicalId, resource]) => {
    const create = resource.Properties?.Create;
    if (create === undefined) return [];
    const call = JSON.parse(resolve<string>(create)) as Omit<DeployTimeCall, 'logicalId'>;
    return [{ logicalId, service: call.service, action: call.action, parameters: call.parameters ?? {} }];
  });

  return {
    stackName: synthesized.stackName,
    functions,
    tables,
    rules,
    busName,
    stateMachine: { logicalId: machineId, arn: resources.ref(machineId), definition },
    deployTimeCalls,
    names,
    outputs: Object.fromEntries(Object.entries(template.Outputs ?? {}).map(([name, output]) => [name, String(resolve(output.Value))])),
  };
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf('.');
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}
