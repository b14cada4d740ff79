/**
 * The app's own state machine, as the server lists it from the start: the synthesized definition
 * under the ARN the stack's outputs resolve to locally, with the role, logging and tracing the
 * template gives it. Locally every resource is named after its logical id (as the emulator names
 * them), so the role is `arn:aws:iam::000000000000:role/<RoleLogicalId>`.
 */
import type { CloudFormationTemplate } from '../emulator/assembly';
import type { LocalStack } from '../emulator/local-stack';
import type { LocalStepFunctions } from './service';
import { loggingWithDefaults } from './actions/state-machines';
import { StateMachineRecord, type LoggingConfiguration, type StateMachineType } from './store/state-machines';

type Props = Record<string, unknown>;

/** The logical id a `{ "Fn::GetAtt": [id, "Arn"] }` or `{ "Ref": id }` names. */
function referencedId(value: unknown): string | undefined {
  const v = value as { 'Fn::GetAtt'?: [string, string]; Ref?: string } | undefined;
  return v?.['Fn::GetAtt']?.[0] ?? v?.Ref;
}

function loggingOf(props: Props, region: string, account: string): LoggingConfiguration {
  const given = props.LoggingConfiguration as
    | { Level?: string; IncludeExecutionData?: boolean; Destinations?: Array<{ CloudWatchLogsLogGroup?: { LogGroupArn?: unknown } }> }
    | undefined;
  if (!given) return loggingWithDefaults();
  const destinations = (given.Destinations ?? []).map((d) => {
    const group = referencedId(d.CloudWatchLogsLogGroup?.LogGroupArn) ?? 'LogGroup';
    return { cloudWatchLogsLogGroup: { logGroupArn: `arn:aws:logs:${region}:${account}:log-group:${group}:*` } };
  });
  return loggingWithDefaults({ level: given.Level, includeExecutionData: given.IncludeExecutionData, destinations });
}

export function registerAppStateMachine(service: LocalStepFunctions, stack: LocalStack, template: CloudFormationTemplate): StateMachineRecord {
  const { region, accountId } = service.where;
  const props = (template.Resources[stack.stateMachine.logicalId]?.Properties ?? {}) as Props;
  const name = stack.names.get(stack.stateMachine.logicalId) ?? stack.stateMachine.logicalId;
  const definition = JSON.stringify(stack.stateMachine.definition);
  const now = new Date();
  const record = new StateMachineRecord(name, stack.stateMachine.arn, now, {
    definition,
    roleArn: `arn:aws:iam::${accountId}:role/${referencedId(props.RoleArn) ?? 'StateMachineRole'}`,
    type: ((props.StateMachineType as string | undefined) ?? 'STANDARD') as StateMachineType,
    loggingConfiguration: loggingOf(props, region, accountId),
    tracingConfiguration: { enabled: Boolean((props.TracingConfiguration as { Enabled?: boolean } | undefined)?.Enabled) },
    since: now,
    machine: service.compile(definition, name),
  });
  service.stateMachines.add(record);
  return record;
}
