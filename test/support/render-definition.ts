/**
 * Turns the synthesized state machine's `DefinitionString` (a `Fn::Join` of strings and references)
 * into plain ASL. References to resources the stack names by role (metadata `order-saga:name`:
 * the handlers as `validateOrder` and so on, the tables as `orders`..., the bus as `bus`) become those
 * names; anything else becomes its logical id. Tests, the README diagram and the local emulator read
 * the workflow through this, so what they see is what deploys.
 */
import { SAGA_NAME_METADATA } from '../../lib/functions/handler-specs';

export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: any; Metadata?: Record<string, unknown> }>;
  [key: string]: unknown;
}

export interface ResourceReference {
  logicalId: string;
  /** `Ref`, or the attribute of `Fn::GetAtt` (`Arn`, `Name`, ...). */
  attribute: string;
  /** The resource's role in the saga (`validateOrder`, `orders`, `bus`), when it has one. */
  sagaName?: string;
  resourceType?: string;
}

export interface RenderOptions {
  /** How a reference reads in the rendered ASL. Default: its saga name, else its logical id. */
  resolveReference?: (ref: ResourceReference) => string;
}

const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
};


/** The one `AWS::StepFunctions::StateMachine` of the template, rendered. */
export function renderDefinition(template: CfnTemplate, options: RenderOptions = {}): AslDefinition {
  const machines = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine');
  if (machines.length !== 1) {
    throw new Error(`expected exactly one AWS::StepFunctions::StateMachine in the template, found ${machines.length}`);
  }
  const definitionString = machines[0][1].Properties?.DefinitionString;
  const resolve = options.resolveReference ?? ((ref: ResourceReference) => ref.sagaName ?? ref.logicalId);
  const text = resolveIntrinsic(definitionString, template, resolve);
  return JSON.parse(text) as AslDefinition;
}

function resolveIntrinsic(value: unknown, template: CfnTemplate, resolve: (ref: ResourceReference) => string): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const [key, arg] = Object.entries(value)[0] ?? [];
    if (key === 'Fn::Join' && Array.isArray(arg)) {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map((p) => resolveIntrinsic(p, template, resolve)).join(separator);
    }
    if (key === 'Ref' && typeof arg === 'string') {
      return PSEUDO_PARAMETERS[arg] ?? resolve(reference(template, arg, 'Ref'));
    }
    if (key === 'Fn::GetAtt' && Array.isArray(arg)) {
      return resolve(reference(template, arg[0] as string, arg[1] as string));
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)} in the definition: only Fn::Join, Ref and Fn::GetAtt are expected`);
}

function reference(template: CfnTemplate, logicalId: string, attribute: string): ResourceReference {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`the definition refers to ${logicalId}, which is not in the template`);
  const sagaName = resource.Metadata?.[SAGA_NAME_METADATA];
  return {
    logicalId,
    attribute,
    sagaName: typeof sagaName === 'string' ? sagaName : undefined,
    resourceType: resource.Type,
  };
}

// ── The slice of ASL the project's tests, diagram and emulator read ─────────────────────────────

export interface AslDefinition {
  QueryLanguage?: string;
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
  Comment?: string;
}

export interface AslRetrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: string;
}

export interface AslCatcher {
  ErrorEquals: string[];
  Next: string;
  Assign?: Record<string, unknown>;
  Output?: unknown;
}

export interface AslChoiceRule {
  Condition: string;
  Next: string;
  Comment?: string;
  Assign?: Record<string, unknown>;
}

export interface AslState {
  Type: 'Task' | 'Choice' | 'Parallel' | 'Map' | 'Wait' | 'Pass' | 'Succeed' | 'Fail';
  Next?: string;
  End?: boolean;
  Comment?: string;
  Resource?: string;
  Arguments?: any;
  Output?: unknown;
  Assign?: Record<string, unknown>;
  TimeoutSeconds?: number;
  Seconds?: number;
  Retry?: AslRetrier[];
  Catch?: AslCatcher[];
  Choices?: AslChoiceRule[];
  Default?: string;
  Branches?: { StartAt: string; States: Record<string, AslState> }[];
  ItemProcessor?: { StartAt: string; States: Record<string, AslState>; ProcessorConfig?: unknown };
  Items?: unknown;
  ItemSelector?: unknown;
  MaxConcurrency?: number;
  Error?: string;
  Cause?: string;
}
