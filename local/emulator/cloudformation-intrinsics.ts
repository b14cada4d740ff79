/**
 * CloudFormation intrinsic functions, resolved the way a deployment would, against local stand-ins
 * for the deployed resources: `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`.
 */
export interface ResolvedResources {
  /** What `Ref` of each logical id (or pseudo parameter) gives. */
  ref(logicalId: string): string;
  /** What `Fn::GetAtt` of a logical id's attribute gives. */
  getAtt(logicalId: string, attribute: string): string;
}

export class UnresolvableTemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnresolvableTemplateError';
  }
}

export function resolveIntrinsics(value: unknown, resources: ResolvedResources): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveIntrinsics(item, resources));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [name, argument] = entries[0];
    switch (name) {
      case 'Ref':
        return resources.ref(argument as string);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
        return resources.getAtt(logicalId, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = argument as [string, unknown[]];
        return (resolveIntrinsics(parts, resources) as unknown[]).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = resolveIntrinsics(argument, resources) as [number | string, unknown[]];
        return list[Number(index)];
      }
      case 'Fn::Split': {
        const [separator, source] = resolveIntrinsics(argument, resources) as [string, string];
        return source.split(separator);
      }
      case 'Fn::Sub':
        return substitute(argument, resources);
      default:
        if (name.startsWith('Fn::')) {
          throw new UnresolvableTemplateError(`the local emulator cannot resolve ${name}`);
        }
    }
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, resources)]));
}

function substitute(argument: unknown, resources: ResolvedResources): string {
  const [template, variables] = Array.isArray(argument)
    ? (argument as [string, Record<string, unknown>])
    : [argument as string, {}];
  const resolvedVariables = resolveIntrinsics(variables, resources) as Record<string, unknown>;
  return template.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    // `${!Literal}` is CloudFormation's escape for a literal `${Literal}`.
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (name in resolvedVariables) return String(resolvedVariables[name]);
    const [logicalId, attribute] = name.split('.');
    return attribute ? resources.getAtt(logicalId, attribute) : resources.ref(logicalId);
  });
}
