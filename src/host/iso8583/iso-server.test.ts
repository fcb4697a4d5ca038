import { connect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildNetworkManagementRequest, buildTransactionRequest, originalDataOf, type AcquirerRequestInput } from '../../core/network/iso8583/acquirer-messages.js';
import type { IsoAuthorizationHandler } from '../../core/network/iso8583/authorization-mapping.js';
import { packFrame, packMessage } from '../../core/network/iso8583/codec.js';
import { frameMessage } from '../../core/network/iso8583/frame-decoder.js';
import type { Iso8583Message } from '../../core/network/iso8583/message.js';
import { startIsoServer, type IsoServer, type IsoServerOptions } from './iso-server.js';
import { sendIsoMessages } from './terminal-client.js';
import { delay, rawPeer } from './testing/raw-client.js';
import { testHandler, type TestHandler } from './testing/test-handler.js';

const PAN = '6037991234567893';
const AT = new Date('2026-11-25T09:30:15Z');

let server: IsoServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<IsoServerOptions> = {}, handler: TestHandler = testHandler()): Promise<{ server: IsoServer; handler: TestHandler }> {
  server = await startIsoServer({ port: 0, handler: handler.handler, ...options });
  return { server, handler };
}

function request(stan: number, amountMinor = 5_000_000, extra: Partial<AcquirerRequestInput> = {}): Iso8583Message {
  return buildTransactionRequest({
    pan: PAN, amountMinor, currencyNumeric: '360', stan, at: AT, expiry: '2811', mcc: '5814', acquirerId: '60379912',
    terminalId: 'BDG00017', merchantId: 'KOPINUSANTARA01', merchant: { name: 'Kopi Nusantara Braga', city: 'Bandung', country: 'ID' }, ...extra,
  });
}

/** Raw bytes of a message, for hand-made malformed frames. */
function body(message: Iso8583Message): Buffer {
  return packMessage(message);
}

describe('ISO 8583 port', () => {
  it('binds 127.0.0.1 on a free port', async () => {
    const { server: s } = await start();
    expect(s.host).toBe('127.0.0.1');
    expect(s.port).toBeGreaterThan(0);
  });

  it('approves a 0100 with 0110, echoing what the acquirer matches on, and hands the engine a plain request', async () => {
    const { server: s, handler } = await start();
    const sent = request(4211);
    const { exchanges } = await sendIsoMessages({ port: s.port, messages: [sent] });
    const response = exchanges[0]!.response!;
    expect(exchanges[0]!.error).toBeUndefined();
    expect(response.mti).toBe('0110');
    expect(response.fields[39]).toBe('00');
    expect(response.fields[38]).toBe('A04211');
    for (const field of [2, 3, 4, 7, 11, 12, 13, 32, 37, 41, 42, 49]) expect(response.fields[field]).toBe(sent.fields[field]);
    expect(handler.seen).toHaveLength(1);
    expect(handler.seen[0]).toMatchObject({ kind: 'authorization', pan: PAN, amountMinor: 5_000_000, currency: 'IDR', stan: '004211', mcc: '5814', merchant: { country: 'ID' } });
  });

  it('answers a decline with its code and no approval code', async () => {
    const { server: s } = await start();
    const { exchanges } = await sendIsoMessages({ port: s.port, messages: [request(1, 1051), request(2, 1054)] });
    expect(exchanges.map((e) => [e.response?.mti, e.response?.fields[39], e.response?.fields[38]])).toEqual([
      ['0110', '51', undefined],
      ['0110', '54', undefined],
    ]);
  });

  it('answers 0200 with 0210, 0400 with 0410 and 0420 with 0430', async () => {
    const { server: s, handler } = await start();
    const auth = request(10);
    const messages = [
      request(11, 5_000_000, { kind: 'financial' }),
      request(12, 5_000_000, { kind: 'reversal', original: originalDataOf(auth) }),
      request(13, 5_000_000, { kind: 'advice_reversal', original: originalDataOf(auth) }),
    ];
    const { exchanges } = await sendIsoMessages({ port: s.port, messages });
    expect(exchanges.map((e) => [e.response?.mti, e.response?.fields[39]])).toEqual([
      ['0210', '00'],
      ['0410', '00'],
      ['0430', '00'],
    ]);
    expect(exchanges[1]!.response!.fields[90]).toBe(messages[1]!.fields[90]);
    expect(handler.seen.map((r) => r.kind)).toEqual(['financial', 'reversal', 'advice_reversal']);
    expect(handler.seen[1]!.originalData).toMatchObject({ mti: '0100', stan: '000010' });
  });

  it('answers 0800 echo and sign-on itself with 0810 00, without the engine', async () => {
    const { server: s, handler } = await start();
    const { exchanges } = await sendIsoMessages({
      port: s.port,
      messages: [buildNetworkManagementRequest({ stan: 1, code: '301', at: AT }), buildNetworkManagementRequest({ stan: 2, code: '001', at: AT })],
    });
    expect(exchanges.map((e) => e.response)).toEqual([
      { mti: '0810', fields: { 7: '1125093015', 11: '000001', 39: '00', 70: '301' } },
      { mti: '0810', fields: { 7: '1125093015', 11: '000002', 39: '00', 70: '001' } },
    ]);
    expect(handler.seen).toHaveLength(0);
  });

  it('answers field-level problems itself with 14, 13, 12 and 30, without the engine', async () => {
    const { server: s, handler } = await start();
    const badLuhn = request(1, 5_000_000, { pan: '6037991234567897' });
    const zero = request(2, 0);
    const cash = request(3, 5_000_000, { processingCode: '010000' });
    const noCurrency = request(4);
    delete noCurrency.fields[49];
    const { exchanges } = await sendIsoMessages({ port: s.port, messages: [badLuhn, zero, cash, noCurrency] });
    expect(exchanges.map((e) => e.response?.fields[39])).toEqual(['14', '13', '12', '30']);
    expect(exchanges.every((e) => e.response?.mti === '0110')).toBe(true);
    expect(handler.seen).toHaveLength(0);
  });

  it('answers a message with an unknown field 30, echoing the STAN read before it', async () => {
    const { server: s, handler } = await start();
    const peer = await rawPeer(s.port);
    // field 56 has no 1987 table entry; fields 2..49 before it read fine
    const good = body(request(77));
    const bitmap = Buffer.from(good.subarray(4, 12));
    bitmap[6]! |= 0x01; // bit 56
    peer.send(frameMessage(Buffer.concat([good.subarray(0, 4), bitmap, good.subarray(12), Buffer.from('xyz')])));
    const [response] = await peer.waitFor(1);
    expect(response!.mti).toBe('0110');
    expect(response!.fields[39]).toBe('30');
    expect(response!.fields[11]).toBe('000077');
    expect(response!.fields[37]).toBe(request(77).fields[37]);
    expect(handler.seen).toHaveLength(0);
    // the connection still serves
    peer.send(packFrame(request(78)));
    expect((await peer.waitFor(2))[1]!.fields[39]).toBe('00');
    peer.end();
  });

  it('answers a frame whose message is cut short 30, and keeps serving', async () => {
    const { server: s, handler } = await start();
    const peer = await rawPeer(s.port);
    const good = body(request(5));
    peer.send(frameMessage(good.subarray(0, good.length - 7))); // field 49 and part of 43 missing
    peer.send(frameMessage(good.subarray(0, 10))); // inside the bitmap
    peer.send(packFrame(request(6)));
    const responses = await peer.waitFor(3);
    expect(responses.map((r) => [r.mti, r.fields[39], r.fields[11]])).toEqual([
      ['0110', '30', '000005'],
      ['0110', '30', undefined],
      ['0110', '00', '000006'],
    ]);
    expect(handler.seen.map((r) => r.stan)).toEqual(['000006']);
    peer.end();
  });

  it('closes the connection when not even an MTI can be read, answering what came before', async () => {
    const { server: s, handler } = await start();
    const peer = await rawPeer(s.port);
    peer.send(Buffer.concat([packFrame(request(1)), frameMessage(Buffer.from('\x00\x01garbage'))]));
    await peer.closed;
    expect(peer.responses.map((r) => r.fields[11])).toEqual(['000001']);
    expect(handler.seen).toHaveLength(1);
  });

  it('closes the connection on a frame longer than the limit', async () => {
    const { server: s, handler } = await start({ maxFrameBytes: 512 });
    const peer = await rawPeer(s.port);
    peer.send(Buffer.from([0x02, 0x01]));
    await peer.closed;
    expect(handler.seen).toHaveLength(0);
  });

  it('survives a peer that sends half a frame and disconnects, and serves the next', async () => {
    const { server: s, handler } = await start();
    const peer = await rawPeer(s.port);
    peer.send(packFrame(request(1)).subarray(0, 40));
    await delay(20);
    peer.end();
    const { exchanges } = await sendIsoMessages({ port: s.port, messages: [request(2)] });
    expect(exchanges[0]!.response!.fields[39]).toBe('00');
    expect(handler.seen.map((r) => r.stan)).toEqual(['000002']);
  });

  it('ignores a message that is not a request (nothing to answer) and keeps serving', async () => {
    const { server: s, handler } = await start();
    const peer = await rawPeer(s.port);
    peer.send(packFrame({ mti: '0110', fields: { 11: '000001', 39: '00' } }));
    peer.send(packFrame(request(2)));
    const responses = await peer.waitFor(1);
    expect(responses.map((r) => r.fields[11])).toEqual(['000002']);
    expect(handler.seen).toHaveLength(1);
    peer.end();
  });

  it('answers many pipelined messages on one connection in request order, though the engine finishes them out of order', async () => {
    const handler = testHandler({ delayMs: (r) => Number(r.stan) % 7 });
    const { server: s } = await start({}, handler);
    const peer = await rawPeer(s.port);
    const count = 600;
    const frames: Buffer[] = [];
    for (let i = 1; i <= count; i++) {
      frames.push(i % 50 === 0 ? packFrame(buildNetworkManagementRequest({ stan: i, at: AT })) : packFrame(request(i, i % 10 === 3 ? 1051 : 5_000_000)));
    }
    peer.send(Buffer.concat(frames));
    const responses = await peer.waitFor(count, 15_000);
    expect(responses.map((r) => Number(r.fields[11]))).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(responses.filter((r) => r.mti === '0810')).toHaveLength(12);
    expect(responses.filter((r) => r.fields[39] === '51')).toHaveLength(60);
    peer.end();
  });

  it('serves several connections at once, each matched by STAN', async () => {
    const { server: s, handler } = await start();
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, c) =>
        sendIsoMessages({ port: s.port, messages: Array.from({ length: 50 }, (_, i) => request(c * 1000 + i + 1, 5_000_000 + c)) }),
      ),
    );
    for (const [c, run] of runs.entries()) {
      expect(run.unmatched).toEqual([]);
      expect(run.exchanges.every((e) => e.response?.fields[39] === '00' && e.response.fields[4] === String(5_000_000 + c).padStart(12, '0'))).toBe(true);
    }
    expect(handler.seen).toHaveLength(400);
  });

  it('answers 96 when the engine throws, rejects, returns a decision that cannot be sent, or takes too long', async () => {
    const { server: s } = await start({ handlerTimeoutMs: 200 });
    const { exchanges } = await sendIsoMessages({ port: s.port, messages: [request(1, 1096), request(2, 1097), request(3, 1098), request(4, 1099), request(5)] });
    expect(exchanges.map((e) => e.response?.fields[39])).toEqual(['96', '96', '96', '96', '00']);
    expect(exchanges[0]!.response!.fields[11]).toBe('000001');
  });

  it('answers 96 when the handler throws synchronously', async () => {
    const throwing: IsoAuthorizationHandler = () => {
      throw new Error('not even a promise');
    };
    server = await startIsoServer({ port: 0, handler: throwing });
    const { exchanges } = await sendIsoMessages({ port: server.port, messages: [request(1)] });
    expect(exchanges[0]!.response!.fields[39]).toBe('96');
  });

  it('refuses connections above maxConnections', async () => {
    const { server: s } = await start({ maxConnections: 2 });
    const a = await rawPeer(s.port);
    const b = await rawPeer(s.port);
    const c = await rawPeer(s.port);
    await c.closed;
    a.send(packFrame(request(1)));
    b.send(packFrame(request(2)));
    expect((await a.waitFor(1))[0]!.fields[39]).toBe('00');
    expect((await b.waitFor(1))[0]!.fields[39]).toBe('00');
    a.end();
    b.end();
  });

  it('closes a connection idle for longer than idleTimeoutMs', async () => {
    const { server: s } = await start({ idleTimeoutMs: 100 });
    const peer = await rawPeer(s.port);
    await peer.closed;
    expect(peer.isClosed()).toBe(true);
  });

  it('logs refusals and failures with STAN and field, never the card number', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { server: s } = await start({ log: pino({ level: 'debug' }, sink), handlerTimeoutMs: 100 });
    const peer = await rawPeer(s.port);
    const truncated = body(request(3));
    peer.send(Buffer.concat([
      packFrame(request(1, 5_000_000, { pan: '6037991234567897' })), // 14
      packFrame(request(2, 1096)), // engine throws
      frameMessage(truncated.subarray(0, truncated.length - 5)), // 30
      packFrame(request(4, 1098)), // decision cannot be encoded
      packFrame(request(5, 1099)), // timeout
    ]));
    await peer.waitFor(5);
    peer.end();
    await peer.closed;
    await delay(20);
    const log = lines.join('');
    expect(log).toContain('000001');
    expect(log).toContain('answered 30');
    expect(log).toContain('answered 96');
    expect(log).not.toContain('6037991234567897');
    expect(log).not.toContain(PAN);
    expect(log).not.toContain(PAN.slice(6, 12));
  });

  it('close() answers what was already received, ends connections and stops listening', async () => {
    const handler = testHandler({ delayMs: () => 100 });
    const { server: s } = await start({}, handler);
    const peer = await rawPeer(s.port);
    peer.send(Buffer.concat([packFrame(request(1)), packFrame(request(2))]));
    await delay(30);
    await s.close();
    await peer.closed;
    expect(peer.responses.map((r) => [r.fields[11], r.fields[39]])).toEqual([
      ['000001', '00'],
      ['000002', '00'],
    ]);
    await expect(
      new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port: s.port });
        socket.on('connect', () => resolve('connected'));
        socket.on('error', reject);
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(s.connectionCount()).toBe(0);
  });
});

describe('sendIsoMessages', () => {
  it('refuses messages it could not match (no STAN, a STAN twice) before connecting', async () => {
    await expect(sendIsoMessages({ port: 1, messages: [{ mti: '0800', fields: { 70: '301' } }] })).rejects.toThrow(/STAN/);
    await expect(sendIsoMessages({ port: 1, messages: [request(1), request(1)] })).rejects.toThrow(/twice/);
  });

  it('reports a refused connection', async () => {
    const { server: s } = await start();
    const port = s.port;
    await s.close();
    server = undefined;
    await expect(sendIsoMessages({ port, messages: [request(1)] })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('marks answers that never came as timed out', async () => {
    const { server: s } = await start({ handlerTimeoutMs: 0 });
    const result = await sendIsoMessages({ port: s.port, messages: [request(1), request(2, 1099)], timeoutMs: 200 });
    expect(result.exchanges[0]!.response!.fields[39]).toBe('00');
    expect(result.exchanges[1]!.error).toBe('timeout');
  });
});
