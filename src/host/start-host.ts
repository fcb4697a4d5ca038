import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Kartu, type KartuOptions } from '../core/kartu.js';
import { describeRestoreOutcome, openKartuAfterRestore } from '../core/backup/open-after-restore.js';
import { silentLogger, type Logger } from '../core/kernel/logger.js';
import { toErrorBody } from '../core/kernel/errors.js';
import { SessionStore } from '../core/staff/sessions.js';
import { purgeIdempotencyKeys } from '../core/api-keys/idempotency-repo.js';
import { EVENTS_PATH, RPC_PATH, SESSION_PATH } from '../shared/rpc.js';
import { HttpError, statusOf } from './http/http-error.js';
import { RequestGuard } from './http/request-guard.js';
import { applySecurityHeaders, escapeHtml, sendJson, sendPage } from './http/respond.js';
import { AuthThrottle } from './rest/auth-throttle.js';
import { IDEMPOTENCY_TTL_MS } from './rest/idempotency.js';
import { DEFAULT_RATE_PER_SECOND, RateLimiter, rateFromEnv } from './rest/rate-limiter.js';
import { API_PREFIX, RestApi } from './rest/rest-api.js';
import type { RestRoute } from './rest/rest-route.js';
import { EventStreams } from './rpc/event-streams.js';
import { handleRpc } from './rpc/rpc-route.js';
import { notSignedIn, signedIn } from './session/session-auth.js';
import { SessionRoutes } from './session/session-routes.js';
import { SignInToken } from './session/sign-in-token.js';
import { StaticFiles } from './static-files.js';
import { runDemoStep } from './demo-step.js';
import { isoHandlerFor, type IsoWiring } from './iso-wiring.js';
import { AuthorizationQueue } from '../core/authorization/authorization-queue.js';
import { startOutboxWorker } from '../core/network/outbox/worker.js';
import { startWebhookWorker } from '../core/webhooks/webhook-worker.js';
import { EventHub } from '../core/events/event-hub.js';
import type { KartuEvent } from '../core/events/event-store.js';
import { startJobRunner } from '../core/jobs/job-runner.js';
import { startIsoServer, type IsoServer } from './iso8583/iso-server.js';

export interface HostOptions {
  dataDir: string;
  /** 0 picks a free port (see Host.port). */
  port: number;
  /** Default 127.0.0.1. Anything else makes the host reachable from the network: know why. */
  host?: string;
  /** The ISO 8583 port for sandbox cards; off when absent. */
  isoPort?: number;
  /** The ISO 8583 port for live cards; off when absent. */
  isoPortLive?: number;
  /** Fill an empty sandbox with the demo story before answering; the sign-in link signs in as the demo owner. */
  demo?: boolean;
  demoSeed?: number;
  /** Runs after the databases are open (and the demo written) and before the host answers. */
  onReady?: (kartu: Kartu, print: (line: string) => void) => Promise<void> | void;
  /** Structured logs (requests that failed, internal faults). Default: silent. */
  log?: Logger;
  /** Start-up lines for the person who started the host. Default: standard output. */
  print?: (line: string) => void;
  /** Where the renderer's build is (default out/renderer). */
  rendererDir?: string;
  /** More Host names this host answers to (a LAN name when bound to 0.0.0.0). */
  allowedHosts?: readonly string[];
  /** Requests per second per API key (default $KARTU_API_RATE_LIMIT, else 100). */
  rateLimitPerSecond?: number;
  /** Another route table (tests). Default src/host/rest/routes.ts. */
  restRoutes?: readonly RestRoute[];
  /** Passed to openKartu: a card-data key, a clock, randomness. */
  kartu?: Omit<KartuOptions, 'dataDir' | 'log'>;
  /** How long close() lets requests finish before cutting connections. Default 5 s. */
  closeGraceMs?: number;
}

export interface Host {
  kartu: Kartu;
  /** The group-commit queues of authorization decisions (REST and ISO 8583 share them): their stats. */
  authorizationQueues: Record<'test' | 'live', AuthorizationQueue>;
  /** http://127.0.0.1:PORT */
  url: string;
  /** The one-time sign-in link. */
  signInUrl: string;
  port: number;
  isoPort: number | undefined;
  isoPortLive: number | undefined;
  /** Stops answering, lets requests finish, closes the ISO ports, then the databases. */
  close(): Promise<void>;
}

/** Why the host did not start, in words for the person who started it. */
export class HostStartError extends Error {
  override name = 'HostStartError';
}

function listenError(error: NodeJS.ErrnoException, what: string, host: string, port: number, flag: string): HostStartError {
  if (error.code === 'EADDRINUSE') return new HostStartError(`${what} port ${port} on ${host} is already in use (another Kartu, or another program). Stop it, or choose another ${flag}.`);
  if (error.code === 'EACCES') return new HostStartError(`Not allowed to listen on ${host}:${port} for the ${what} port. Choose a port above 1023 with ${flag}.`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new HostStartError(`Cannot listen on ${host}: this machine has no such address. Check --host.`);
  return new HostStartError(`Cannot listen on ${host}:${port} for the ${what} port: ${error.message}`);
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '' || host === '127.0.0.1') return '127.0.0.1';
  if (host === '::' || host === '::1') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Errors in the envelope each kind of client reads: the API's, the RPC's, or a page. */
function replyError(res: ServerResponse, pathname: string, error: unknown): void {
  const status = statusOf(error);
  const headers = error instanceof HttpError ? error.headers : {};
  if (error instanceof HttpError && error.closeConnection) res.setHeader('Connection', 'close');
  const body = toErrorBody(error);
  if (pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`)) sendJson(res, status, { error: body }, headers);
  else if (pathname.startsWith(`${RPC_PATH}/`) || pathname === SESSION_PATH || pathname === EVENTS_PATH) sendJson(res, status, { ok: false, error: body }, headers);
  else sendPage(res, status, 'Request refused', [escapeHtml(body.message)], headers);
}

/** Webhooks leave at most this long after their event commits. */
const WEBHOOK_PASS_MS = 100;

/**
 * The webhook worker runs a pass on every committed event, and a pass that finds new events moves
 * its cursor in a durable commit. Under a stream of group commits of decisions that doubled the
 * fsyncs; through this hub the worker hears of new events at most once per `ms` (the first at once,
 * the last never lost), so webhooks still leave within `ms` and cost one commit per period.
 */
export function throttledEvents(source: EventHub, ms: number): { hub: EventHub; stop(): void } {
  const hub = new EventHub();
  let timer: NodeJS.Timeout | undefined;
  let latest: KartuEvent | undefined;
  let lastAt = -Infinity;
  const unsubscribe = source.subscribe((event) => {
    latest = event;
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      lastAt = performance.now();
      const event = latest as KartuEvent;
      latest = undefined;
      hub.publish(event);
    }, Math.max(0, lastAt + ms - performance.now()));
  });
  return {
    hub,
    stop: () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    },
  };
}

const methodNotAllowed = (allowed: string): HttpError =>
  new HttpError(405, { type: 'invalid_request_error', code: 'method_not_allowed', message: `This address takes ${allowed}.` }, { Allow: allowed });

/**
 * The headless host: one data directory's engines served over HTTP on 127.0.0.1 — the renderer
 * and its RPC for signed-in staff, the REST API (/v1) for API keys — and the ISO 8583 ports.
 * Thin: every request becomes `bus.execute(name, input, actor)`.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const log = options.log ?? silentLogger;
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const bindHost = options.host ?? '127.0.0.1';
  // A Node process: the WAL is checkpointed on a worker thread, off the commits' path.
  // A restore scheduled from Settings is applied here, before the databases open (core/backup).
  const kartu = await openKartuAfterRestore({ dataDir: options.dataDir, log, backgroundCheckpoints: true, ...options.kartu }, (outcome) => print(describeRestoreOutcome(outcome)));

  const sessions = new SessionStore();
  const token = new SignInToken();
  const streams = new EventStreams(kartu, sessions);
  const files = new StaticFiles(options.rendererDir);
  // One group-commit queue per database, shared by the REST API and the ISO 8583 port.
  const queues = { test: new AuthorizationQueue(kartu.sandbox), live: new AuthorizationQueue(kartu.live) };
  const rest = new RestApi({
    kartu,
    authorizationQueues: queues,
    log,
    throttle: new AuthThrottle(),
    rateLimiter: new RateLimiter(options.rateLimitPerSecond ?? rateFromEnv() ?? DEFAULT_RATE_PER_SECOND),
    ...(options.restRoutes ? { routes: options.restRoutes } : {}),
  });
  const sessionRoutes = new SessionRoutes({
    kartu,
    sessions,
    token,
    streams,
    log,
    demo: options.demo ?? false,
    pinThrottle: new AuthThrottle({ maxDelayMs: 60_000, forgetAfterMs: 3600_000 }),
  });

  let guard: RequestGuard | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const dispatch = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    // No CORS: a preflight gets no Access-Control-* headers, so a browser never sends the request.
    if (method === 'OPTIONS') throw methodNotAllowed('GET, POST, DELETE');
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return rest.handle(req, res, url);
    const sessionBound = path.startsWith(`${RPC_PATH}/`) || path === EVENTS_PATH || path === SESSION_PATH;
    if (sessionBound) guard?.checkSameSite(req);
    if (path.startsWith(`${RPC_PATH}/`)) {
      if (method !== 'POST') throw methodNotAllowed('POST');
      let command: string;
      try {
        command = decodeURIComponent(path.slice(RPC_PATH.length + 1));
      } catch {
        command = '';
      }
      return handleRpc(kartu, sessions, log, req, res, command);
    }
    if (path === EVENTS_PATH) {
      if (method !== 'GET') throw methodNotAllowed('GET');
      const who = await signedIn(kartu, sessions, req);
      if (!who) throw notSignedIn();
      return streams.open(res, who.session.id);
    }
    if (path === SESSION_PATH) {
      if (method === 'GET') return sessionRoutes.get(req, res);
      if (method === 'POST') return sessionRoutes.post(req, res);
      if (method === 'DELETE') return sessionRoutes.delete(req, res);
      throw methodNotAllowed('GET, POST, DELETE');
    }
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET, HEAD');
    if (path === '/' && url.searchParams.has('token')) return sessionRoutes.tokenSignIn(req, res, url.searchParams.get('token'));
    return files.serve(req, res, path);
  };

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 }, (req, res) => {
    applySecurityHeaders(res);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://kartu.invalid');
    } catch {
      url = new URL('http://kartu.invalid/');
    }
    void (async () => {
      try {
        if (!guard) throw new HttpError(503, { type: 'api_error', code: 'starting', message: 'Kartu is starting.' });
        guard.check(req);
        await ready;
        await dispatch(req, res, url);
      } catch (error) {
        if (!(error instanceof HttpError)) log.error({ err: error, method: req.method, path: url.pathname }, 'request failed');
        replyError(res, url.pathname, error);
      }
    })();
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  const isoServers: IsoServer[] = [];
  const isoWirings: IsoWiring[] = [];
  const workers: Array<{ stop(): Promise<void> | void }> = [];
  let purgeTimer: NodeJS.Timeout | undefined;
  let closing: Promise<void> | undefined;
  const graceMs = options.closeGraceMs ?? 5000;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      if (purgeTimer) clearInterval(purgeTimer);
      streams.close();
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), graceMs);
      await Promise.all([httpClosed, ...isoServers.map((iso) => iso.close())]);
      clearTimeout(cut);
      await Promise.all(isoWirings.map((wiring) => wiring.close()));
      await Promise.all(workers.map((worker) => worker.stop()));
      await Promise.all([queues.test.close(), queues.live.close()]);
      await kartu.close();
    })();
    return closing;
  };

  try {
    let port: number;
    try {
      port = await listen(server, options.port, bindHost);
    } catch (error) {
      throw listenError(error as NodeJS.ErrnoException, 'HTTP', bindHost, options.port, '--port');
    }
    guard = new RequestGuard(port, bindHost, options.allowedHosts ?? []);
    const isoPorts: Array<[number | undefined, 'test' | 'live', string]> = [
      [options.isoPort, 'test', '--iso-port'],
      [options.isoPortLive, 'live', '--iso-port-live'],
    ];
    const boundIso: Record<'test' | 'live', number | undefined> = { test: undefined, live: undefined };
    for (const [isoPort, mode, flag] of isoPorts) {
      if (isoPort === undefined) continue;
      try {
        const wiring = isoHandlerFor(kartu.engine(mode), log, queues[mode]);
        isoWirings.push(wiring);
        const iso = await startIsoServer({ host: bindHost, port: isoPort, handler: wiring.handler, log });
        isoServers.push(iso);
        boundIso[mode] = iso.port;
      } catch (error) {
        throw listenError(error as NodeJS.ErrnoException, `ISO 8583 (${mode === 'test' ? 'sandbox' : 'live'})`, bindHost, isoPort, flag);
      }
    }
    if (options.demo) await runDemoStep(kartu, { print, ...(options.demoSeed !== undefined ? { seed: options.demoSeed } : {}) });
    if (options.onReady) await options.onReady(kartu, print);

    const purge = (): void => {
      const before = new Date(Date.now() - IDEMPOTENCY_TTL_MS);
      for (const engine of [kartu.sandbox, kartu.live]) {
        purgeIdempotencyKeys(engine.services.db, before).catch((error: unknown) => log.warn({ err: error }, 'purging idempotency keys failed'));
      }
    };
    purge();
    purgeTimer = setInterval(purge, 3600_000);
    purgeTimer.unref();
    // Background work: the sandbox network learns card changes, webhooks go out, scheduled jobs run.
    workers.push(startOutboxWorker(kartu.sandbox.services, kartu.sandboxNetwork));
    for (const engine of [kartu.sandbox, kartu.live]) {
      const events = throttledEvents(engine.events, WEBHOOK_PASS_MS);
      workers.push(events, startWebhookWorker({ ...engine, events: events.hub }), startJobRunner(engine));
    }

    const url = `http://${displayHost(bindHost)}:${port}`;
    const signInUrl = `${url}/?token=${token.value}`;
    print(`Data: ${kartu.dataDir} (sandbox.db, live.db)`);
    print(`REST API: ${url}${API_PREFIX} (create a key: npm run -s kartu -- keys create --data-dir ${kartu.dataDir} --mode test)`);
    if (boundIso.test !== undefined) print(`ISO 8583, sandbox cards: ${displayHost(bindHost)}:${boundIso.test}`);
    if (boundIso.live !== undefined) print(`ISO 8583, live cards: ${displayHost(bindHost)}:${boundIso.live}`);
    markReady();
    print(`Kartu is ready: ${signInUrl}`);
    return { kartu, authorizationQueues: queues, url, signInUrl, port, isoPort: boundIso.test, isoPortLive: boundIso.live, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
