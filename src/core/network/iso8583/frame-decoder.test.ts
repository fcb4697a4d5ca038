import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packFrame } from './codec.js';
import { FrameDecoder, frameMessage } from './frame-decoder.js';
import { Iso8583Error } from './iso8583-error.js';
import { arbitraryMessage } from './testing/arbitrary-messages.js';
import { SAMPLE_0100, SAMPLE_0110 } from './testing/sample-messages.js';

function decodeAll(decoder: FrameDecoder, chunks: Buffer[]): string[] {
  const frames: string[] = [];
  for (const chunk of chunks) decoder.push(chunk, (frame) => frames.push(frame.toString('hex')));
  return frames;
}

const a = packFrame(SAMPLE_0100);
const b = packFrame(SAMPLE_0110);
const bodies = [a.subarray(2).toString('hex'), b.subarray(2).toString('hex')];

describe('FrameDecoder', () => {
  it('hands out several frames pipelined in one chunk, in order', () => {
    expect(decodeAll(new FrameDecoder(), [Buffer.concat([a, b, a])])).toEqual([bodies[0], bodies[1], bodies[0]]);
  });

  it('assembles a frame split at every possible point, including inside the length prefix', () => {
    const stream = Buffer.concat([a, b]);
    for (let cut = 1; cut < stream.length; cut++) {
      const decoder = new FrameDecoder();
      expect(decodeAll(decoder, [stream.subarray(0, cut), stream.subarray(cut)])).toEqual(bodies);
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it('assembles a frame trickled one byte at a time', () => {
    const stream = Buffer.concat([a, b]);
    const chunks = Array.from(stream, (byte) => Buffer.from([byte]));
    const decoder = new FrameDecoder();
    expect(decodeAll(decoder, chunks)).toEqual(bodies);
  });

  it('reports what it holds back for an incomplete frame', () => {
    const decoder = new FrameDecoder();
    expect(decodeAll(decoder, [a.subarray(0, 1)])).toEqual([]);
    expect(decoder.bufferedBytes).toBe(1);
    expect(decodeAll(decoder, [a.subarray(1, 10)])).toEqual([]);
    expect(decoder.bufferedBytes).toBe(8);
  });

  it('skips zero-length keep-alive frames', () => {
    expect(decodeAll(new FrameDecoder(), [Buffer.concat([Buffer.from([0, 0]), a, Buffer.from([0, 0])])])).toEqual([bodies[0]]);
  });

  it('refuses a length above the maximum and stays stopped (the stream is out of step)', () => {
    const decoder = new FrameDecoder(100);
    let error: unknown;
    try {
      decodeAll(decoder, [Buffer.from([0, 101, 1, 2, 3])]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Iso8583Error);
    expect((error as Iso8583Error).code).toBe('oversized');
    expect(() => decodeAll(decoder, [a])).toThrow(Iso8583Error);
    expect(decodeAll(new FrameDecoder(100), [Buffer.concat([Buffer.from([0, 100]), Buffer.alloc(100)])])).toHaveLength(1);
  });

  it('refuses a nonsensical maximum', () => {
    expect(() => new FrameDecoder(0)).toThrow(RangeError);
    expect(() => new FrameDecoder(70_000)).toThrow(RangeError);
  });

  it('frameMessage prefixes the length like packFrame', () => {
    expect(frameMessage(a.subarray(2))).toEqual(a);
  });

  it('property: any messages cut into any chunks come out whole and in order', () => {
    fc.assert(
      fc.property(fc.array(arbitraryMessage(), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (messages, cuts) => {
        const frames = messages.map((m) => packFrame(m));
        const stream = Buffer.concat(frames);
        const points = [...new Set(cuts.map((c) => c % stream.length))].sort((x, y) => x - y);
        const chunks: Buffer[] = [];
        let from = 0;
        for (const p of [...points, stream.length]) {
          chunks.push(stream.subarray(from, p));
          from = p;
        }
        const decoder = new FrameDecoder(0xffff);
        expect(decodeAll(decoder, chunks)).toEqual(frames.map((f) => f.subarray(2).toString('hex')));
        expect(decoder.bufferedBytes).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});
