/**
 * Reads a request body within bounds: at most `maxBytes` kept (a larger body is read to its end
 * and dropped, so the client still gets the answer instead of a reset connection), and the whole
 * body within `timeoutMs` (a client that trickles its body gets a timeout answer, not a socket
 * held open for ever).
 */
import type { IncomingMessage } from 'node:http';

export type BodyResult = { kind: 'body'; text: string } | { kind: 'too-large'; bytes: number } | { kind: 'timeout' } | { kind: 'aborted' };

export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const done = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.removeListener('data', onData);
      resolve(result);
    };
    const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      // Past the limit nothing more is kept; the rest is only counted as it drains.
      if (bytes <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    };
    req.on('data', onData);
    req.once('end', () => done(bytes > maxBytes ? { kind: 'too-large', bytes } : { kind: 'body', text: Buffer.concat(chunks).toString('utf8') }));
    req.once('aborted', () => done({ kind: 'aborted' }));
    req.once('error', () => done({ kind: 'aborted' }));
  });
}
