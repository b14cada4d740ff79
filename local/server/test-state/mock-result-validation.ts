import { validationException } from '../validation/service-error';
import type { ServiceModels, Shape } from './service-models';

/**
 * TestState's check of a mocked Task result against the output shape of the API the Task calls
 * (its `fieldValidationMode`): STRICT (the default) wants every required member and every present
 * member well-typed; PRESENT checks only the members given; NONE nothing. Members the model does
 * not have are accepted (recorded: `{"random": "json"}` passes). Step Functions names members with
 * a capital first letter (recorded: "Required field 'ExecutionArn' is missing" for
 * StartExecution's `executionArn`). Messages as recorded: "Mock result schema validation error:
 * Field 'X' must be a string | a number | an array", "... is not an expected value", "... is less
 * than the minimum value", "... exceeds the maximum value", "... is smaller than the minimum length".
 */
export type FieldValidationMode = 'STRICT' | 'PRESENT' | 'NONE';

/** botocore's directory name for the service names Task ARNs use where they differ. */
const BOTOCORE_NAMES: Record<string, string> = {
  states: 'stepfunctions',
  sfn: 'stepfunctions',
  eventbridge: 'events',
  cloudwatchlogs: 'logs',
  cloudwatchevents: 'events',
  elasticloadbalancingv2: 'elbv2',
};

export interface IntegratedOperation {
  service: string;
  operation: string;
  /** lambda:invoke hands over the function's result as JSON, where the API has bytes. */
  jsonMembers: string[];
}

/** The API call behind a Task resource, or undefined (a Lambda ARN, a callback or .sync pattern). */
export function integratedOperation(resource: string): IntegratedOperation | undefined {
  const m = /^arn:aws[\w-]*:states:::(?:aws-sdk:)?([\w-]+):(\w+)$/.exec(resource);
  if (!m) return undefined;
  const [, service, action] = m;
  return {
    service: BOTOCORE_NAMES[service] ?? service,
    operation: action.charAt(0).toUpperCase() + action.slice(1),
    jsonMembers: service === 'lambda' && action === 'invoke' && !resource.includes('aws-sdk') ? ['Payload'] : [],
  };
}

const sfnCased = (member: string) => member.charAt(0).toUpperCase() + member.slice(1);
const schemaError = (detail: string) => validationException(`Mock result schema validation error: ${detail}`);

export function checkMockedResult(result: unknown, resource: string, mode: FieldValidationMode, models: ServiceModels): void {
  if (mode === 'NONE') return;
  const target = integratedOperation(resource);
  const model = target ? models.service(target.service) : undefined;
  const outputName = target && model?.operations[target.operation]?.output?.shape;
  if (!target || !model || !outputName) return;
  const shapeOf = (name: string): Shape => model.shapes[name] ?? { type: 'document' };

  const check = (value: unknown, shape: Shape, field: string | undefined, top: boolean): void => {
    switch (shape.type) {
      case 'structure': {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          throw schemaError(field ? `Field '${field}' must be an object` : 'Mocked result must be a JSON object');
        }
        const members = Object.entries(shape.members ?? {});
        if (mode === 'STRICT') {
          for (const required of shape.required ?? []) {
            if (!(sfnCased(required) in (value as object))) throw schemaError(`Required field '${sfnCased(required)}' is missing`);
          }
        }
        for (const [member, ref] of members) {
          const name = sfnCased(member);
          const v = (value as Record<string, unknown>)[name];
          if (v === undefined || (top && target.jsonMembers.includes(name))) continue;
          check(v, shapeOf(ref.shape), name, false);
        }
        return;
      }
      case 'list':
        if (!Array.isArray(value)) throw schemaError(`Field '${field}' must be an array`);
        for (const item of value) check(item, shapeOf(shape.member!.shape), field, false);
        return;
      case 'map':
        if (value === null || typeof value !== 'object' || Array.isArray(value)) throw schemaError(`Field '${field}' must be an object`);
        for (const item of Object.values(value)) check(item, shapeOf(shape.value!.shape), field, false);
        return;
      case 'string':
      case 'timestamp':
      case 'blob':
        if (typeof value !== 'string') throw schemaError(`Field '${field}' must be a string`);
        if (shape.enum && !shape.enum.includes(value)) throw schemaError(`Field '${field}' is not an expected value`);
        if (shape.min !== undefined && value.length < shape.min) throw schemaError(`Field '${field}' is smaller than the minimum length`);
        if (shape.max !== undefined && value.length > shape.max) throw schemaError(`Field '${field}' exceeds the maximum length`);
        return;
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        if (typeof value !== 'number') throw schemaError(`Field '${field}' must be a number`);
        if (shape.min !== undefined && value < shape.min) throw schemaError(`Field '${field}' is less than the minimum value`);
        if (shape.max !== undefined && value > shape.max) throw schemaError(`Field '${field}' exceeds the maximum value`);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') throw schemaError(`Field '${field}' must be a boolean`);
        return;
      default:
        // document: any JSON value
        return;
    }
  };
  check(result, shapeOf(outputName), undefined, true);
}
