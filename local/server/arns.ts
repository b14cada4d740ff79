/**
 * Step Functions ARNs, built and read as AWS writes them:
 *   arn:aws:states:REGION:ACCOUNT:stateMachine:NAME              a state machine
 *   arn:aws:states:REGION:ACCOUNT:stateMachine:NAME:7            its version 7
 *   arn:aws:states:REGION:ACCOUNT:stateMachine:NAME:ALIAS        one of its aliases
 *   arn:aws:states:REGION:ACCOUNT:execution:NAME:EXECUTION       a STANDARD execution
 *   arn:aws:states:REGION:ACCOUNT:express:NAME:EXECUTION:UUID    an EXPRESS execution
 * Parsing throws InvalidArn with AWS's reasons ("Invalid ARN prefix", "Resource type not valid in
 * this context").
 */
import { errors } from './errors';

export interface Where {
  region: string;
  accountId: string;
}

export type StateMachineRef =
  | { kind: 'stateMachine'; name: string }
  | { kind: 'version'; name: string; version: number }
  | { kind: 'alias'; name: string; alias: string };

export type ExecutionRef = { kind: 'execution'; stateMachineName: string; name: string } | { kind: 'express'; stateMachineName: string; name: string };

const base = (where: Where) => `arn:aws:states:${where.region}:${where.accountId}`;

export const arns = {
  stateMachine: (where: Where, name: string) => `${base(where)}:stateMachine:${name}`,
  version: (where: Where, name: string, version: number) => `${base(where)}:stateMachine:${name}:${version}`,
  alias: (where: Where, name: string, alias: string) => `${base(where)}:stateMachine:${name}:${alias}`,
  execution: (where: Where, stateMachineName: string, name: string) => `${base(where)}:execution:${stateMachineName}:${name}`,
  express: (where: Where, stateMachineName: string, name: string, id: string) => `${base(where)}:express:${stateMachineName}:${name}:${id}`,
};

interface Parsed {
  resourceType: string;
  resource: string[];
  /** The ARN names this server's region and account (otherwise nothing here can exist). */
  local: boolean;
}

function parse(arn: string, where: Where): Parsed {
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 7) throw errors.invalidArn(arn);
  const [, , service, region, account, resourceType, ...resource] = parts;
  if (service !== 'states') throw errors.invalidArn(arn, `Invalid ARN prefix: ${arn}`);
  if (resource.some((p) => p === '')) throw errors.invalidArn(arn, `Invalid Arn: ${arn}`);
  return { resourceType, resource, local: region === where.region && account === where.accountId };
}

function wrongType(resourceType: string) {
  return errors.invalidArn('', `Resource type not valid in this context: ${resourceType}`);
}

/** A state machine, version or alias ARN; `local` false when it names another region or account. */
export function parseStateMachineArn(arn: string, where: Where): StateMachineRef & { local: boolean } {
  const p = parse(arn, where);
  if (p.resourceType !== 'stateMachine') throw wrongType(p.resourceType);
  const [name, qualifier, ...rest] = p.resource;
  if (rest.length > 0) throw errors.invalidArn(arn, `Invalid Arn: ${arn}`);
  if (qualifier === undefined) return { kind: 'stateMachine', name, local: p.local };
  if (/^\d+$/.test(qualifier)) return { kind: 'version', name, version: Number(qualifier), local: p.local };
  return { kind: 'alias', name, alias: qualifier, local: p.local };
}

export function parseExecutionArn(arn: string, where: Where): ExecutionRef & { local: boolean } {
  const p = parse(arn, where);
  if (p.resourceType === 'execution' && p.resource.length === 2) {
    return { kind: 'execution', stateMachineName: p.resource[0], name: p.resource[1], local: p.local };
  }
  if (p.resourceType === 'express' && p.resource.length === 3) {
    return { kind: 'express', stateMachineName: p.resource[0], name: p.resource[1], local: p.local };
  }
  if (p.resourceType === 'execution' || p.resourceType === 'express') throw errors.invalidArn(arn, `Invalid Arn: ${arn}`);
  throw wrongType(p.resourceType);
}

/**
 * Names AWS refuses for state machines and executions (API reference, CreateStateMachine `name`):
 * white space, brackets, wildcards, the listed special characters and control characters.
 */
const FORBIDDEN_IN_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/u;

export function assertValidName(name: string): void {
  if (FORBIDDEN_IN_NAME.test(name)) throw errors.invalidName(name);
}
