import { connect, type Socket } from 'node:net';
import { unpackMessage } from '../../../core/network/iso8583/codec.js';
import { FrameDecoder } from '../../../core/network/iso8583/frame-decoder.js';
import type { Iso8583Message } from '../../../core/network/iso8583/message.js';

/**
 * A test peer that writes exactly the bytes it is given (good, bad or half frames) and records
 * every answer in arrival order, and whether the server closed the connection.
 */
export interface RawPeer {
  socket: Socket;
  responses: Iso8583Message[];
  closed: Promise<void>;
  isClosed(): boolean;
  send(bytes: Buffer): void;
  /** Resolves when `count` answers have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Iso8583Message[]>;
  end(): void;
}

export async function rawPeer(port: number): Promise<RawPeer> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  const responses: Iso8583Message[] = [];
  const decoder = new FrameDecoder(0xffff);
  let waiters: (() => void)[] = [];
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    decoder.push(chunk, (frame) => responses.push(unpackMessage(frame)));
    for (const w of waiters) w();
  });
  const closedPromise = new Promise<void>((resolve) =>
    socket.on('close', () => {
      closed = true;
      for (const w of waiters) w();
      resolve();
    }),
  );
  return {
    socket,
    responses,
    closed: closedPromise,
    isClosed: () => closed,
    send: (bytes) => socket.write(bytes),
    end: () => socket.destroy(),
    waitFor(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (responses.length >= count) {
            clearTimeout(timer);
            waiters = waiters.filter((w) => w !== check);
            resolve(responses);
          } else if (closed) {
            clearTimeout(timer);
            reject(new Error(`connection closed after ${responses.length} of ${count} answers`));
          }
        };
        const timer = setTimeout(() => reject(new Error(`only ${responses.length} of ${count} answers after ${timeoutMs} ms`)), timeoutMs);
        waiters.push(check);
        check();
      });
    },
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
