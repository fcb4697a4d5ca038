import type { ServerResponse } from 'node:http';
import type { Kartu } from '../../core/kartu.js';
import type { KartuEvent } from '../../core/events/event-store.js';
import type { SessionStore } from '../../core/staff/sessions.js';
import type { UiEvent } from '../../shared/ipc-contract.js';
import type { RpcMode } from '../../shared/rpc.js';
import { BASE_SECURITY_HEADERS } from '../http/respond.js';

interface Stream {
  res: ServerResponse;
  sessionId: string;
  heartbeat: NodeJS.Timeout;
}

/** A client that cannot keep up gets disconnected (it reconnects and refetches) rather than buffered without end. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 25_000;

/**
 * GET /rpc-events: the committed events of both databases as Server-Sent Events, for the screens'
 * live updates (the same UiEvent the desktop receives over IPC). One subscription per database
 * fans out to every open stream; a stream ends with its session (sign-out, expiry) or the host.
 */
export class EventStreams {
  private readonly streams = new Set<Stream>();
  private readonly unsubscribe: Array<() => void>;

  constructor(
    kartu: Kartu,
    private readonly sessions: SessionStore,
  ) {
    this.unsubscribe = (['test', 'live'] as const).map((mode) => kartu.engine(mode).events.subscribe((event) => this.broadcast(mode, event)));
  }

  open(res: ServerResponse, sessionId: string): void {
    res.writeHead(200, {
      ...BASE_SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 3000\n\n');
    const stream: Stream = {
      res,
      sessionId,
      heartbeat: setInterval(() => {
        // The session may have expired or been signed out since: then the stream ends too.
        if (!this.sessions.get(sessionId)) this.end(stream);
        else res.write(': ping\n\n');
      }, HEARTBEAT_MS),
    };
    stream.heartbeat.unref();
    this.streams.add(stream);
    res.on('close', () => this.end(stream));
  }

  private broadcast(mode: RpcMode, event: KartuEvent): void {
    if (this.streams.size === 0) return;
    const ui: UiEvent = { mode, id: event.id, type: event.type, created: event.created, data: event.data };
    const frame = `id: ${event.id}\ndata: ${JSON.stringify(ui)}\n\n`;
    for (const stream of this.streams) {
      if (stream.res.writableLength > MAX_BUFFERED_BYTES) this.end(stream);
      else stream.res.write(frame);
    }
  }

  private end(stream: Stream): void {
    if (!this.streams.delete(stream)) return;
    clearInterval(stream.heartbeat);
    stream.res.end();
  }

  endSession(sessionId: string): void {
    for (const stream of [...this.streams]) if (stream.sessionId === sessionId) this.end(stream);
  }

  get count(): number {
    return this.streams.size;
  }

  close(): void {
    for (const stream of [...this.streams]) this.end(stream);
    for (const stop of this.unsubscribe) stop();
  }
}
