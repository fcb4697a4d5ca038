import { MAX_MESSAGE_BYTES } from './codec.js';
import { Iso8583Error } from './iso8583-error.js';

/**
 * A legitimate 1987 message with the fields Kartu knows stays well under this; a larger length
 * prefix is garbage or an attack, and reading it would let one peer hold 64 KiB per connection.
 */
export const DEFAULT_MAX_FRAME_BYTES = 8192;

/**
 * Cuts a TCP byte stream into messages: each is prefixed by its length as 2 bytes big-endian.
 * A stream arrives in arbitrary pieces, so a frame may span chunks and one chunk may hold many
 * frames. Complete frames inside one chunk are handed out as views (no copy); a frame split over
 * chunks is assembled into one buffer of exactly its size, so a peer trickling bytes costs no
 * repeated copying. A zero length is a keep-alive some acquirers send and is skipped.
 *
 * After an oversized length the stream cannot be trusted to be in step any more: the decoder
 * stays broken and the caller should close the connection.
 */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  private firstLengthByte = -1;
  private partial: Buffer | null = null;
  private filled = 0;
  private broken = false;

  constructor(maxFrameBytes: number = DEFAULT_MAX_FRAME_BYTES) {
    if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1 || maxFrameBytes > MAX_MESSAGE_BYTES) {
      throw new RangeError(`maxFrameBytes must be an integer in 1..${MAX_MESSAGE_BYTES}`);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  /** Bytes held back waiting for the rest of a frame. */
  get bufferedBytes(): number {
    return (this.firstLengthByte >= 0 ? 1 : 0) + this.filled;
  }

  /**
   * Feeds one chunk; calls `onFrame` with each complete message body, in order. `onFrame` must not
   * throw (if it does, whatever else this chunk held is dropped). Throws Iso8583Error('oversized')
   * when a length prefix exceeds maxFrameBytes.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    if (this.broken) throw new Iso8583Error('oversized', undefined, 'frame decoder stopped after an oversized frame');
    const n = chunk.length;
    let offset = 0;
    while (offset < n) {
      const partial = this.partial;
      if (partial !== null) {
        const take = Math.min(partial.length - this.filled, n - offset);
        chunk.copy(partial, this.filled, offset, offset + take);
        this.filled += take;
        offset += take;
        if (this.filled === partial.length) {
          this.partial = null;
          this.filled = 0;
          onFrame(partial);
        }
        continue;
      }
      let length: number;
      if (this.firstLengthByte >= 0) {
        length = (this.firstLengthByte << 8) | chunk[offset]!;
        this.firstLengthByte = -1;
        offset += 1;
      } else if (n - offset >= 2) {
        length = (chunk[offset]! << 8) | chunk[offset + 1]!;
        offset += 2;
      } else {
        this.firstLengthByte = chunk[offset]!;
        offset += 1;
        break;
      }
      if (length > this.maxFrameBytes) {
        this.broken = true;
        throw new Iso8583Error('oversized', undefined, `frame length ${length} exceeds the limit of ${this.maxFrameBytes} bytes`);
      }
      if (length === 0) continue;
      if (n - offset >= length) {
        const frame = chunk.subarray(offset, offset + length);
        offset += length;
        onFrame(frame);
      } else {
        this.partial = Buffer.allocUnsafe(length);
        this.filled = 0;
      }
    }
  }
}

/** Prefixes an already packed message with its 2-byte length (packFrame does both at once). */
export function frameMessage(message: Buffer): Buffer {
  if (message.length > MAX_MESSAGE_BYTES) throw new Iso8583Error('oversized', undefined, `message of ${message.length} bytes cannot be framed`);
  const frame = Buffer.allocUnsafe(message.length + 2);
  frame.writeUInt16BE(message.length, 0);
  message.copy(frame, 2);
  return frame;
}
