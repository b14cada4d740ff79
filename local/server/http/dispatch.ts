/**
 * One request through AWS's JSON protocol: the `X-Amz-Target` header names the service and the
 * operation, the body is the input. Every failure on the way is an AWS-shaped answer (never an
 * exception out of here): wrong method or content type and unknown targets are
 * UnknownOperationException, bodies that are not a JSON object SerializationException, inputs
 * outside the model ValidationException, a body over the limit 413, a body that does not arrive in
 * time 408, a handler's own failure InternalFailure (500).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, asApiError, errors } from '../errors';
import type { ServiceModel } from '../model/service-model';
import { shapeOutput } from '../model/shape-output';
import { validateInput } from '../model/validate-input';
import { serveConsole } from './console-routes';
import { readBody } from './read-body';
import { sendError, sendJson } from './respond';

/** A service behind one target prefix (`AWSStepFunctions`, `AWSEvents`). */
export interface JsonService {
  model: ServiceModel;
  /** The operation's handler, or undefined when this server does not answer it. */
  handler(operation: string): ((input: Record<string, unknown>, requestId: string) => Promise<unknown>) | undefined;
}

export interface Limits {
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Time a client has to send its whole body. */
  bodyTimeoutMs: number;
}

const ACCEPTED_CONTENT_TYPES = ['application/x-amz-json-1.0', 'application/x-amz-json-1.1'];

export async function dispatch(req: IncomingMessage, res: ServerResponse, services: JsonService[], limits: Limits, onInternalError: (error: unknown) => void): Promise<void> {
  // The local console shares the port: its pages and assets are GETs, which the API never answers.
  if (await serveConsole(req, res)) return;
  const requestId = randomUUID();
  const target = String(req.headers['x-amz-target'] ?? '');
  const dot = target.lastIndexOf('.');
  const service = services.find((s) => s.model.targetPrefix === target.slice(0, dot));
  const contentType = `application/x-amz-json-${service?.model.jsonVersion ?? '1.0'}`;

  const body = await readBody(req, limits.maxBodyBytes, limits.bodyTimeoutMs);
  if (body.kind === 'aborted') return;
  if (body.kind === 'timeout') {
    const error = new ApiError('RequestTimeoutException', `The request body did not arrive within ${limits.bodyTimeoutMs / 1000} s`, 408);
    return sendError(res, error, contentType, requestId, true);
  }
  if (body.kind === 'too-large') {
    const error = new ApiError('RequestEntityTooLargeException', `Request of ${body.bytes} bytes is larger than the limit of ${limits.maxBodyBytes} bytes`, 413);
    return sendError(res, error, contentType, requestId);
  }

  try {
    if (req.method !== 'POST') throw errors.unknownOperation(`${req.method} is not an operation: AWS JSON requests are POSTed`);
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!ACCEPTED_CONTENT_TYPES.includes(type)) {
      throw errors.unknownOperation(`Content-Type '${type}' is not an AWS JSON protocol; send ${contentType}`);
    }
    const operation = target.slice(dot + 1);
    const handler = service?.handler(operation);
    if (!service || !handler) throw errors.unknownOperation();
    const input = parseBody(body.text);
    const shapes = service.model.operations[operation];
    validateInput(service.model, shapes?.input, input);
    const output = await handler(input, requestId);
    sendJson(res, 200, shapeOutput(service.model, shapes?.output, output) ?? {}, contentType, requestId);
  } catch (error) {
    const answer = asApiError(error);
    if (answer) return sendError(res, answer, contentType, requestId);
    onInternalError(error);
    sendError(res, errors.internal(), contentType, requestId);
  }
}

function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw errors.serialization(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw errors.serialization('The request body must be a JSON object');
  return value as Record<string, unknown>;
}
