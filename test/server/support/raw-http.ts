/**
 * Requests as a hostile or careless client sends them: any method, headers and body, or bytes
 * straight on a socket. Each resolves with what the server answered (status, headers, parsed body).
 */
import http from 'node:http';
import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? JSON.parse(text) : {} });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A Step Functions request with the right protocol headers unless told otherwise. */
export function sfnRequest(url: string, action: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return rawRequest(url, {
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${action}`, ...headers },
    body,
  });
}

/** Writes bytes on a new connection and collects everything the server sends until it closes. */
export function rawSocket(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

/**
 * Sends the headers and the first bytes of a body, then nothing more: resolves with the answer the
 * server gives a client that stalls (the socket stays open on the client's side).
 */
export function stalledRequest(port: number, action: string): Promise<string> {
  const head = [
    'POST / HTTP/1.1',
    'host: 127.0.0.1',
    'content-type: application/x-amz-json-1.0',
    `x-amz-target: AWSStepFunctions.${action}`,
    'content-length: 1000',
    '',
    '{"stateMachineArn": ',
  ].join('\r\n');
  return rawSocket(port, head);
}
