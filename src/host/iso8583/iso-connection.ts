import type { Socket } from 'node:net';
import { packFrame, unpackMessage } from '../../core/network/iso8583/codec.js';
import { FrameDecoder } from '../../core/network/iso8583/frame-decoder.js';
import { Iso8583Error } from '../../core/network/iso8583/iso8583-error.js';
import type { Iso8583Message } from '../../core/network/iso8583/message.js';
import { responseMtiFor } from '../../core/network/iso8583/mti.js';
import { RESPONSE_CODES } from '../../core/network/iso8583/response-codes.js';
import {
  buildErrorResponse,
  buildIsoResponse,
  parseIsoRequest,
  type IsoAuthorizationHandler,
  type IsoDecision,
  type IsoTransactionRequest,
} from '../../core/network/iso8583/authorization-mapping.js';
import type { Logger } from '../../core/kernel/logger.js';

export interface IsoConnectionLimits {
  maxFrameBytes: number;
  /** Requests awaiting their answer before the connection stops reading. */
  maxPipelined: number;
  /** How long the engine may take before the acquirer is answered 96; 0 = no limit. */
  handlerTimeoutMs: number;
  /** Silence after which a connection with nothing pending is closed; 0 = never. */
  idleTimeoutMs: number;
}

/** One answer slot, in request order: acquirers match by STAN, but many also expect order. */
interface Slot {
  frame: Buffer | null;
}

/**
 * One acquirer connection. Frames are read as they come and requests are handed to the engine
 * concurrently (pipelining), but answers leave in the order the requests arrived. What can be
 * answered without the engine (format errors, 0800) is answered at once, in its place in line.
 * Nothing a peer sends reaches the engine unless it unpacked and validated cleanly.
 */
export class IsoConnection {
  readonly id: number;
  private readonly decoder: FrameDecoder;
  private readonly queue: Slot[] = [];
  private closing = false;
  private pausedForPipeline = false;
  private pausedForDrain = false;
  private flushScheduled = false;
  private readonly onFrameBound = (frame: Buffer): void => this.onFrame(frame);
  private readonly flushBound = (): void => this.flush();

  constructor(
    private readonly socket: Socket,
    id: number,
    private readonly handler: IsoAuthorizationHandler,
    private readonly limits: IsoConnectionLimits,
    private readonly log: Logger,
  ) {
    this.id = id;
    this.decoder = new FrameDecoder(limits.maxFrameBytes);
    socket.setNoDelay(true); // small answers must not wait for Nagle: p99 latency is the contract
    socket.setKeepAlive(true, 60_000);
    if (limits.idleTimeoutMs > 0) {
      socket.setTimeout(limits.idleTimeoutMs, () => {
        if (this.queue.length > 0) return; // waiting on the engine is not idleness
        this.log.info({ connection: this.id }, 'iso8583 connection idle, closing');
        socket.destroy();
      });
    }
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.pausedForDrain = false;
      this.resumeIfAllowed();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.log.debug({ connection: this.id, err: error.code ?? error.message }, 'iso8583 socket error');
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  /**
   * Take no new requests, answer what was already received, then close. Bytes still arriving are
   * read and dropped rather than left unread: only by reading does the peer's close become known.
   */
  shutdown(): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.resume();
    if (this.queue.length === 0) this.endSocket();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.socket.cork(); // answers produced from one chunk leave in one write
    try {
      this.decoder.push(chunk, this.onFrameBound);
    } catch (error) {
      this.log.warn({ connection: this.id, err: (error as Error).message }, 'iso8583 stream out of step, closing connection');
      this.shutdown();
    } finally {
      this.socket.uncork();
    }
    if (!this.closing && this.queue.length >= this.limits.maxPipelined) {
      this.pausedForPipeline = true;
      this.socket.pause();
    }
  }

  private onFrame(frame: Buffer): void {
    if (this.closing) return;
    let message: Iso8583Message;
    try {
      message = unpackMessage(frame);
    } catch (error) {
      this.onMalformed(error);
      return;
    }
    const parsed = parseIsoRequest(message);
    if (!parsed.ok) {
      if (responseMtiFor(message.mti) === undefined) {
        this.log.warn({ connection: this.id, mti: message.mti }, 'iso8583 message is not a request; ignored');
        return;
      }
      this.log.info({ connection: this.id, mti: message.mti, stan: message.fields[11], field: parsed.field, responseCode: parsed.responseCode, reason: parsed.reason }, 'iso8583 request refused by validation');
      this.answerNow(this.encode(message, { responseCode: parsed.responseCode }));
      return;
    }
    if (parsed.request.kind === 'network_management') {
      this.answerNow(this.encode(message, { responseCode: RESPONSE_CODES.approved }));
      return;
    }
    this.dispatch(message, parsed.request);
  }

  /** Answer 30 when the MTI could be read (echoing what was read before the fault); otherwise close. */
  private onMalformed(error: unknown): void {
    if (!(error instanceof Iso8583Error)) {
      this.log.error({ connection: this.id, err: error }, 'iso8583 unpack failed unexpectedly, closing connection');
      this.shutdown();
      return;
    }
    const mti = error.mti;
    const response = mti === undefined ? undefined : buildErrorResponse(mti, error.partialFields, RESPONSE_CODES.formatError);
    this.log.warn(
      { connection: this.id, mti, stan: error.partialFields?.[11], field: error.field, code: error.code, reason: error.message },
      response === undefined ? 'malformed iso8583 message, closing connection' : 'malformed iso8583 message, answered 30',
    );
    if (response === undefined) this.shutdown();
    else this.answerNow(packFrame(response));
  }

  private dispatch(message: Iso8583Message, request: IsoTransactionRequest): void {
    const slot: Slot = { frame: null };
    this.queue.push(slot);
    let settled = false;
    const timer =
      this.limits.handlerTimeoutMs > 0
        ? setTimeout(() => {
            if (settled) return;
            settled = true;
            this.log.error({ connection: this.id, mti: message.mti, stan: request.stan, rrn: request.rrn, timeoutMs: this.limits.handlerTimeoutMs }, 'iso8583 engine did not decide in time, answered 96');
            this.complete(slot, this.encode(message, { responseCode: RESPONSE_CODES.systemMalfunction }));
          }, this.limits.handlerTimeoutMs)
        : undefined;
    let decision: Promise<IsoDecision>;
    try {
      decision = this.handler(request);
    } catch (error) {
      decision = Promise.reject(error);
    }
    Promise.resolve(decision).then(
      (value) => {
        if (settled) {
          // The acquirer was told 96 and will not act on this decision: whoever wires the engine
          // must treat an answer that never left as not given (see the report in issue 6).
          this.log.warn({ connection: this.id, mti: message.mti, stan: request.stan, rrn: request.rrn, responseCode: value?.responseCode }, 'iso8583 decision arrived after the timeout; not sent');
          return;
        }
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        this.complete(slot, this.encode(message, value));
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        this.log.error({ connection: this.id, mti: message.mti, stan: request.stan, rrn: request.rrn, err: error }, 'iso8583 engine failed, answered 96');
        this.complete(slot, this.encode(message, { responseCode: RESPONSE_CODES.systemMalfunction }));
      },
    );
  }

  /** The framed answer; a decision that cannot be encoded becomes 96 rather than no answer. */
  private encode(message: Iso8583Message, decision: IsoDecision): Buffer {
    try {
      return packFrame(buildIsoResponse(message, decision));
    } catch (error) {
      this.log.error({ connection: this.id, mti: message.mti, stan: message.fields[11], err: (error as Error).message }, 'iso8583 decision could not be encoded, answered 96');
      return packFrame(buildIsoResponse(message, { responseCode: RESPONSE_CODES.systemMalfunction }));
    }
  }

  private answerNow(frame: Buffer): void {
    if (this.queue.length === 0) {
      this.write(frame);
      return;
    }
    this.queue.push({ frame });
  }

  private complete(slot: Slot, frame: Buffer): void {
    slot.frame = frame;
    if (this.queue[0] !== slot || this.flushScheduled) return; // an earlier request is still being decided
    // Decisions that resolve together (one group commit decides many) leave in one write: the
    // flush runs once the current round of promise callbacks is done.
    this.flushScheduled = true;
    process.nextTick(this.flushBound);
  }

  private flush(): void {
    this.flushScheduled = false;
    this.socket.cork();
    while (this.queue.length > 0 && this.queue[0]!.frame !== null) {
      this.write(this.queue.shift()!.frame!);
    }
    this.socket.uncork();
    if (this.closing && this.queue.length === 0) this.endSocket();
    else this.resumeIfAllowed();
  }

  private write(frame: Buffer): void {
    if (this.socket.destroyed) return;
    if (!this.socket.write(frame) && !this.closing) {
      // The peer is not reading its answers: stop reading its requests until it catches up.
      this.pausedForDrain = true;
      this.socket.pause();
    }
  }

  private resumeIfAllowed(): void {
    if (this.pausedForPipeline && this.queue.length < this.limits.maxPipelined / 2) this.pausedForPipeline = false;
    if (!this.closing && !this.pausedForPipeline && !this.pausedForDrain && this.socket.isPaused()) this.socket.resume();
  }

  private endSocket(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    // A peer that never closes its side must not keep the socket forever.
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }
}
