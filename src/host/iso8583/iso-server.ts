import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { IsoAuthorizationHandler } from '../../core/network/iso8583/authorization-mapping.js';
import { DEFAULT_MAX_FRAME_BYTES } from '../../core/network/iso8583/frame-decoder.js';
import { silentLogger, type Logger } from '../../core/kernel/logger.js';
import { IsoConnection } from './iso-connection.js';

/**
 * The ISO 8583 authorization port (`--iso-port`): a TCP listener speaking the wire format of
 * ARCHITECTURE.md. It owns the wire only: the engine's decision comes from the injected `handler`
 * (the host wires it to the command bus), 0800 echo / sign-on is answered here, and anything that
 * does not unpack and validate is answered (30, 12, 13, 14) or the connection closed, without
 * the handler ever seeing it.
 */
export interface IsoServerOptions {
  /** Default 127.0.0.1: a local port is reachable by anything on the machine, not the network. */
  host?: string;
  /** 0 picks a free port (see `IsoServer.port`). */
  port: number;
  handler: IsoAuthorizationHandler;
  log?: Logger;
  /** Default 256; further connections are refused at accept. */
  maxConnections?: number;
  /** Default 5 minutes; acquirers keep connections and send 0800 echoes. 0 = never. */
  idleTimeoutMs?: number;
  /** Default 8192 bytes; a larger length prefix closes the connection. */
  maxFrameBytes?: number;
  /** Default 512 unanswered requests per connection before it stops reading. */
  maxPipelined?: number;
  /** Default 10 s; then 96. 0 = wait forever. */
  handlerTimeoutMs?: number;
  /** Default 5 s for close() to let answers out before it cuts connections. */
  closeGraceMs?: number;
}

export interface IsoServer {
  readonly host: string;
  readonly port: number;
  connectionCount(): number;
  /** Stops accepting, answers what was already received, closes every connection. */
  close(): Promise<void>;
}

export async function startIsoServer(options: IsoServerOptions): Promise<IsoServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? silentLogger;
  const limits = {
    maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    maxPipelined: positive(options.maxPipelined ?? 512, 'maxPipelined'),
    handlerTimeoutMs: nonNegative(options.handlerTimeoutMs ?? 10_000, 'handlerTimeoutMs'),
    idleTimeoutMs: nonNegative(options.idleTimeoutMs ?? 300_000, 'idleTimeoutMs'),
  };
  const closeGraceMs = nonNegative(options.closeGraceMs ?? 5000, 'closeGraceMs');
  const connections = new Set<IsoConnection>();
  let nextId = 1;
  let closing: Promise<void> | undefined;

  const server = createServer({ noDelay: true }, (socket: Socket) => {
    if (closing !== undefined) {
      socket.destroy();
      return;
    }
    const connection = new IsoConnection(socket, nextId++, options.handler, limits, log);
    connections.add(connection);
    log.debug({ connection: connection.id, remote: socket.remoteAddress }, 'iso8583 connection opened');
    socket.on('close', () => {
      connections.delete(connection);
      if (connection.pending > 0) {
        log.warn({ connection: connection.id, pending: connection.pending }, 'iso8583 connection closed with requests still being decided');
      }
      log.debug({ connection: connection.id }, 'iso8583 connection closed');
    });
  });
  server.maxConnections = positive(options.maxConnections ?? 256, 'maxConnections');
  server.on('drop', (data?: { remoteAddress?: string }) => {
    log.warn({ remote: data?.remoteAddress, maxConnections: server.maxConnections }, 'iso8583 connection refused: too many connections');
  });
  server.on('error', (error) => log.error({ err: error }, 'iso8583 server error'));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host, port }, 'iso8583 port listening');

  return {
    host,
    port,
    connectionCount: () => connections.size,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of connections) connection.shutdown();
        if (connections.size > 0) {
          setTimeout(() => {
            for (const connection of connections) connection.destroy();
          }, closeGraceMs).unref();
        }
      }).then(() => log.info({ port }, 'iso8583 port closed'));
      return closing;
    },
  };
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

function nonNegative(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return value;
}
