import { randomUUID } from 'node:crypto';
import { StatesError } from '../errors';
import type { EngineOptions } from '../types';
import { missingOption, sdkMetadata } from './service-call';

/** Lambda errors as Step Functions reports them. */
const SERVICE_ERRORS = new Set(['ResourceNotFoundException', 'TooManyRequestsException', 'ServiceException', 'AWSLambdaException', 'SdkClientException', 'InvalidParameterValueException']);

function qualifiedArn(fn: string, options: EngineOptions): string {
  const arn = fn.startsWith('arn:') ? fn : `arn:aws:lambda:${options.region ?? 'us-east-1'}:${options.accountId ?? '123456789012'}:function:${fn}`;
  return arn.split(':').length === 7 ? `${arn}:$LATEST` : arn;
}

/** Turns what invokeFunction threw into the Error/Cause pair AWS reports. */
function functionError(e: unknown, fn: string, options: EngineOptions): StatesError {
  const err = (e ?? {}) as { name?: string; message?: string; cause?: unknown; stack?: string };
  const name = err.name && err.name !== 'Error' ? err.name : 'Error';
  if (SERVICE_ERRORS.has(name)) {
    const detail = name === 'ResourceNotFoundException' ? `Function not found: ${qualifiedArn(fn, options)}` : err.message ?? name;
    return new StatesError(
      `Lambda.${name}`,
      `${detail} (Service: AWSLambda; Status Code: ${name === 'ResourceNotFoundException' ? 404 : 429}; Error Code: ${name}; Request ID: ${randomUUID()}; Proxy: null)`,
    );
  }
  if (typeof err.cause === 'string') return new StatesError(name, err.cause);
  const trace = typeof err.stack === 'string' ? err.stack.split('\n') : [];
  // The Node.js runtime's order (errorType first), as the local Lambda host reports it too.
  return new StatesError(name, JSON.stringify({ errorType: name, errorMessage: err.message ?? String(e), trace }));
}

const LIMIT_BYTES = 256 * 1024;

function checkSize(result: unknown, resource: string) {
  const text = JSON.stringify(result);
  if (text !== undefined && text.length > LIMIT_BYTES / 4 && Buffer.byteLength(text) > LIMIT_BYTES) {
    throw new StatesError('States.DataLimitExceeded', `The state/task '${resource}' returned a result with a size exceeding the maximum number of bytes service limit.`);
  }
}

async function invoke(fn: string, payload: unknown, options: EngineOptions): Promise<unknown> {
  if (!options.invokeFunction) throw missingOption('invokeFunction', fn);
  try {
    return await options.invokeFunction(fn, payload);
  } catch (e) {
    throw functionError(e, fn, options);
  }
}

/** A plain Lambda ARN as Resource: the result is the function's own return value. */
export async function invokePlainLambda(arn: string, payload: unknown, options: EngineOptions): Promise<unknown> {
  const result = await invoke(arn, payload, options);
  return result === undefined ? null : result;
}

/** Python's json.dumps text (", " and ": " separators, ASCII escapes): a real Lambda's Content-Length. */
function pythonDumps(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pythonDumps).join(', ')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${pythonDumps(k)}: ${pythonDumps(x)}`).join(', ')}}`;
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return JSON.stringify(v === undefined ? null : v);
}

function payloadLength(v: unknown): number {
  return Buffer.byteLength(pythonDumps(v));
}

/** arn:aws:states:::lambda:invoke: the result is Lambda's Invoke response with the Payload inside. */
export async function invokeLambdaIntegration(parameters: unknown, options: EngineOptions): Promise<unknown> {
  const p = (parameters ?? {}) as { FunctionName?: unknown; Payload?: unknown };
  if (typeof p.FunctionName !== 'string') throw new StatesError('States.Runtime', 'The lambda:invoke integration needs a FunctionName string parameter.');
  // the Invoke API takes bytes: a string Payload is sent as is (JSON text), nothing as an empty event
  let payload: unknown = p.Payload ?? {};
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload);
    } catch {
      // not JSON: the function receives the string itself
    }
  }
  const result = await invoke(p.FunctionName, payload, options);
  checkSize(result, p.FunctionName);
  const returned = result === undefined ? null : result;
  return {
    ExecutedVersion: '$LATEST',
    Payload: returned,
    ...sdkMetadata(payloadLength(returned), { 'X-Amz-Executed-Version': '$LATEST', 'x-amzn-Remapped-Content-Length': '0' }),
    StatusCode: 200,
  };
}
