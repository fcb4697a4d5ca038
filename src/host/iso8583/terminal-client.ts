import { connect, type Socket } from 'node:net';
import { packFrame, unpackMessage } from '../../core/network/iso8583/codec.js';
import { DEFAULT_MAX_FRAME_BYTES, FrameDecoder } from '../../core/network/iso8583/frame-decoder.js';
import type { Iso8583Message } from '../../core/network/iso8583/message.js';
import { responseMtiFor } from '../../core/network/iso8583/mti.js';

/**
 * A minimal acquirer: sends ISO 8583 requests over one connection, all at once (pipelined), and
 * pairs each answer with its request by STAN (field 11). The building block of
 * `kartu simulate-terminal`, and the tests' independent-of-the-server client.
 */
export interface SendIsoMessagesOptions {
  host?: string;
  port: number;
  messages: readonly Iso8583Message[];
  /** For all answers together; default 10 s. */
  timeoutMs?: number;
  maxFrameBytes?: number;
}

export interface IsoExchange {
  request: Iso8583Message;
  response?: Iso8583Message;
  latencyMs?: number;
  /** 'timeout', 'connection closed', or an answer with an unexpected MTI. */
  error?: string;
}

export interface SendIsoMessagesResult {
  /** In the order of `messages`. */
  exchanges: IsoExchange[];
  /** Answers whose STAN matched no request still waiting. */
  unmatched: Iso8583Message[];
  /** Frames from the server that did not unpack. */
  malformed: string[];
}

export async function sendIsoMessages(options: SendIsoMessagesOptions): Promise<SendIsoMessagesResult> {
  const exchanges: IsoExchange[] = [];
  const waiting = new Map<string, { exchange: IsoExchange; sentAt: number }>();
  const frames: Buffer[] = [];
  for (const request of options.messages) {
    const stan = request.fields[11];
    if (stan === undefined) throw new RangeError(`every message needs a STAN (field 11) to be matched; a ${request.mti} has none`);
    if (waiting.has(stan)) throw new RangeError(`STAN ${stan} is used twice; answers could not be matched`);
    frames.push(packFrame(request)); // refuses a malformed request before anything is sent
    const exchange: IsoExchange = { request };
    exchanges.push(exchange);
    waiting.set(stan, { exchange, sentAt: 0 });
  }
  const unmatched: Iso8583Message[] = [];
  const malformed: string[] = [];
  if (frames.length === 0) return { exchanges, unmatched, malformed };

  const socket: Socket = connect({ host: options.host ?? '127.0.0.1', port: options.port, noDelay: true });
  const decoder = new FrameDecoder(options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);

  return new Promise<SendIsoMessagesResult>((resolve, reject) => {
    let connected = false;
    let done = false;
    const finish = (reason: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const { exchange } of waiting.values()) exchange.error ??= reason;
      socket.destroy();
      resolve({ exchanges, unmatched, malformed });
    };
    const timer = setTimeout(() => finish('timeout'), options.timeoutMs ?? 10_000);

    const onFrame = (frame: Buffer): void => {
      let response: Iso8583Message;
      try {
        response = unpackMessage(frame);
      } catch (error) {
        malformed.push((error as Error).message);
        return;
      }
      const stan = response.fields[11];
      const entry = stan === undefined ? undefined : waiting.get(stan);
      if (entry === undefined) {
        unmatched.push(response);
        return;
      }
      waiting.delete(stan!);
      entry.exchange.response = response;
      entry.exchange.latencyMs = performance.now() - entry.sentAt;
      const expected = responseMtiFor(entry.exchange.request.mti);
      if (response.mti !== expected) entry.exchange.error = `answered with MTI ${response.mti}, expected ${expected ?? 'none'}`;
    };

    socket.on('connect', () => {
      connected = true;
      const now = performance.now();
      for (const entry of waiting.values()) entry.sentAt = now;
      socket.cork();
      for (const frame of frames) socket.write(frame);
      socket.uncork();
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk, onFrame);
      } catch (error) {
        malformed.push((error as Error).message);
        finish('stream out of step');
        return;
      }
      if (waiting.size === 0) finish('done');
    });
    socket.on('error', (error) => {
      if (!connected) {
        done = true;
        clearTimeout(timer);
        reject(error);
        return;
      }
      finish(`connection error: ${error.message}`);
    });
    socket.on('close', () => finish('connection closed'));
  });
}
