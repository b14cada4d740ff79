/** Writes an answer as AWS's JSON protocols do: a JSON body, its content type, a request id. */
import type { ServerResponse } from 'node:http';
import type { ApiError } from '../errors';

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType: string, requestId: string, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': requestId,
    date: new Date().toUTCString(),
    // After a body the server did not read in full, the connection is not reused.
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError, contentType: string, requestId: string, close = false): void {
  sendJson(res, error.status, error.body(), contentType, requestId, close);
}

/**
 * An error answer written straight on a socket, for requests Node's parser refused (bad header
 * lines, a request that timed out before its headers were read): no request object exists.
 */
export function rawErrorResponse(status: number, reason: string, body: Record<string, unknown>): string {
  const text = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${reason}`,
    'content-type: application/x-amz-json-1.0',
    `content-length: ${Buffer.byteLength(text)}`,
    'connection: close',
    '',
    text,
  ].join('\r\n');
}
