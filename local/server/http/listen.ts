/**
 * The HTTP server: loopback only, every request through `dispatch`, and Node's own refusals
 * (a malformed request line or header, headers that do not arrive in time) answered with an
 * AWS-shaped error on the socket instead of a bare reset. Closing it ends idle and open
 * connections, so a stop does not wait on a client's keep-alive.
 */
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { dispatch, type JsonService, type Limits } from './dispatch';
import { rawErrorResponse } from './respond';

export interface ListenOptions extends Limits {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Time a client has to send its request line and headers. */
  headersTimeoutMs: number;
  onInternalError(error: unknown): void;
}

export interface Listening {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function listen(services: JsonService[], options: ListenOptions): Promise<Listening> {
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs,
      // Headers plus body: the body has its own, shorter deadline in dispatch (an AWS-shaped 408).
      requestTimeout: options.headersTimeoutMs + options.bodyTimeoutMs + 1_000,
      // How often Node checks those timeouts (default 30 s, too coarse for a slow client's answer).
      connectionsCheckingInterval: Math.min(1_000, options.headersTimeoutMs),
    },
    (req, res) => {
      dispatch(req, res, services, options, options.onInternalError).catch((error: unknown) => {
        options.onInternalError(error);
        res.destroy();
      });
    },
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const body = timedOut
      ? { __type: 'com.amazon.coral.service#RequestTimeoutException', message: 'The request did not arrive in time' }
      : { __type: 'com.amazon.coral.service#SerializationException', message: `Malformed HTTP request: ${error.code ?? error.message}` };
    socket.end(rawErrorResponse(timedOut ? 408 : 400, timedOut ? 'Request Timeout' : 'Bad Request', body));
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
