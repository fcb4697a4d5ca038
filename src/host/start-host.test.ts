import { createServer, type Server } from 'node:net';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../core/bus/actor.js';
import { DataDirError, DatabaseOpenError } from '../core/kartu.js';
import { cookieOf, raw, signInWithLink, startTestHost, type RawResponse, type TestHost } from './testing/host-fixture.js';
import { HostStartError, startHost } from './start-host.js';

let host: TestHost;
/** A signed-in owner of `host`, by PIN (the host's link is tested on hosts of their own). */
let owner: string;
let cashier: string;

async function signInWithPin(target: TestHost, pin: string): Promise<string> {
  const response = await raw(target.port, { method: 'POST', path: '/session', json: { pin } });
  expect(response.status).toBe(200);
  return cookieOf(response) as string;
}

beforeAll(async () => {
  host = await startTestHost();
  await host.kartu.live.bus.execute('staff-create', { name: 'Sari', role: 'owner', pin: '482913' }, SYSTEM_ACTOR);
  await host.kartu.live.bus.execute('staff-create', { name: 'Budi', role: 'cashier', pin: '735104' }, SYSTEM_ACTOR);
  owner = await signInWithPin(host, '482913');
  cashier = await signInWithPin(host, '735104');
});
afterAll(async () => {
  await host.stop();
});

const rpc = (cookie: string | undefined, command: string, input: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
  raw(host.port, {
    method: 'POST',
    path: `/rpc/${command}`,
    headers: { 'X-Kartu-Mode': 'test', ...(cookie ? { Cookie: cookie } : {}), ...headers },
    json: { input },
  });

describe('start-up', () => {
  it('prints the one-time sign-in link as the last line', () => {
    const last = host.lines[host.lines.length - 1];
    expect(last).toMatch(new RegExp(`^Kartu is ready: http://127\\.0\\.0\\.1:${host.port}/\\?token=[A-Za-z0-9_-]{32}$`));
    expect(last).toBe(`Kartu is ready: ${host.signInUrl}`);
  });
});

describe('the sign-in link', () => {
  it('signs in once as the first owner, created as "Owner" when there is no staff, then never again', async () => {
    const own = await startTestHost();
    try {
      const url = new URL(own.signInUrl);
      const first = await raw(own.port, { path: url.pathname + url.search });
      expect(first.status).toBe(303);
      expect(first.headers.location).toBe('/');
      const setCookie = String(first.headers['set-cookie']);
      expect(setCookie).toMatch(/^kartu_session=[A-Za-z0-9_-]{43}; /);
      for (const flag of ['HttpOnly', 'SameSite=Strict', 'Path=/']) expect(setCookie).toContain(flag);
      const session = await raw(own.port, { path: '/session', headers: { Cookie: cookieOf(first) as string } });
      expect(session.json).toEqual({ ok: true, result: { signed_in: true, staff: { id: expect.stringMatching(/^staff_/), name: 'Owner', role: 'owner' } } });

      const again = await raw(own.port, { path: url.pathname + url.search });
      expect(again.status).toBe(403);
      expect(again.headers['set-cookie']).toBeUndefined();
      expect(again.text).toContain('no longer works');
      expect((await raw(own.port, { path: '/?token=nope' })).status).toBe(403);
    } finally {
      await own.stop();
    }
  });

  it('signs in as the existing first owner, and with --demo as the demo owner', async () => {
    const first = await startTestHost();
    const dataDir = first.dataDir;
    await first.kartu.sandbox.bus.execute('program-create', { name: 'Existing', kind: 'loyalty', currency: 'IDR' }, SYSTEM_ACTOR);
    await first.close();
    // The sandbox has data, so --demo writes nothing and says so.
    const demo = await startTestHost({ dataDir, demo: true });
    try {
      expect(demo.lines.join('\n')).toContain('already has data');
      const cookie = await signInWithLink(demo);
      const session = await raw(demo.port, { path: '/session', headers: { Cookie: cookie } });
      expect(session.json.result).toMatchObject({ signed_in: true, demo: true, staff: { name: 'Demo owner', role: 'owner' } });
    } finally {
      await demo.stop();
    }
  });

  it('runs onReady before the host answers', async () => {
    const order: string[] = [];
    const ready = await startTestHost({
      onReady: async (kartu, print) => {
        await kartu.sandbox.bus.execute('program-create', { name: 'Before', kind: 'loyalty', currency: 'IDR' }, SYSTEM_ACTOR);
        print('prepared');
        order.push('onReady');
      },
    });
    try {
      expect(ready.lines.indexOf('prepared')).toBeLessThan(ready.lines.length - 1);
      expect(order).toEqual(['onReady']);
    } finally {
      await ready.stop();
    }
  });
});

describe('sessions by PIN', () => {
  it('sign in with a PIN, refuse a wrong one by field, and lock out repeated failures', async () => {
    const own = await startTestHost();
    try {
      const none = await raw(own.port, { method: 'POST', path: '/session', json: { pin: '1234' } });
      expect(none.json.error.code).toBe('no_staff');
      await own.kartu.live.bus.execute('staff-create', { name: 'Ani', role: 'manager', pin: '902417' }, SYSTEM_ACTOR);
      const wrong = await raw(own.port, { method: 'POST', path: '/session', json: { pin: '000000' } });
      expect(wrong.status).toBe(401);
      expect(wrong.json).toEqual({ ok: false, error: { type: 'authentication_error', code: 'invalid_pin', message: expect.any(String), param: 'pin' } });
      expect((await raw(own.port, { method: 'POST', path: '/session', json: { pin: '1', extra: 1 } })).json.error).toMatchObject({ code: 'parameter_unknown', param: 'extra' });
      const cookie = await signInWithPin(own, '902417');
      expect((await raw(own.port, { path: '/session', headers: { Cookie: cookie } })).json.result.staff).toMatchObject({ name: 'Ani', role: 'manager' });
      // Three wrong PINs are free; from the fourth the address waits longer each time (429 while
      // it must wait, the PIN not even checked).
      let counted = 0;
      while (counted < 7) {
        const attempt = await raw(own.port, { method: 'POST', path: '/session', json: { pin: '111111' } });
        if (attempt.status === 429) {
          await new Promise((resolve) => setTimeout(resolve, Number(attempt.headers['retry-after']) * 1000));
        } else {
          expect(attempt.status).toBe(401);
          counted++;
        }
      }
      // After seven failures the wait is 2 s: even the right PIN is refused now.
      const locked = await raw(own.port, { method: 'POST', path: '/session', json: { pin: '902417' } });
      expect(locked.status).toBe(429);
      expect(locked.json.error.type).toBe('rate_limit_error');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    } finally {
      await own.stop();
    }
  });

  it('sign out ends the session and its event stream', async () => {
    const cookie = await signInWithPin(host, '482913');
    const events = await openEvents(cookie);
    expect((await rpc(cookie, 'program-list', {})).status).toBe(200);
    const out = await raw(host.port, { method: 'DELETE', path: '/session', headers: { Cookie: cookie } });
    expect(out.json).toEqual({ ok: true, result: { signed_in: false } });
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    // Both ends of the session are in the audit trail, by the member.
    const trail = await host.kartu.live.services.db
      .selectFrom('audit_log').select(['action', 'actor_type', 'outcome']).where('action', 'in', ['staff-sign-in', 'staff-sign-out']).orderBy('seq', 'desc').limit(2).execute();
    expect(trail).toEqual([{ action: 'staff-sign-out', actor_type: 'staff', outcome: 'ok' }, { action: 'staff-sign-in', actor_type: 'staff', outcome: 'ok' }]);
    await events.ended;
    expect((await rpc(cookie, 'program-list', {})).status).toBe(401);
    expect((await raw(host.port, { path: '/session', headers: { Cookie: cookie } })).json).toEqual({ ok: true, result: { signed_in: false } });
  });
});

describe('the renderer RPC', () => {
  it('needs a session', async () => {
    const none = await rpc(undefined, 'program-list', {});
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ ok: false, error: { type: 'authentication_error', code: 'not_signed_in' } });
    expect((await rpc('kartu_session=forged', 'program-list', {})).status).toBe(401);
    expect((await raw(host.port, { path: '/rpc-events' })).status).toBe(401);
  });

  it('runs commands as the signed-in member on the database the mode header names', async () => {
    const created = await rpc(owner, 'program-create', { name: 'Kopi Rewards', kind: 'loyalty', currency: 'IDR' });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ ok: true, result: { object: 'program', name: 'Kopi Rewards' } });
    const id = created.json.result.id as string;
    expect((await rpc(owner, 'program-get', { id })).json.result.id).toBe(id);
    const live = await rpc(owner, 'program-get', { id }, { 'X-Kartu-Mode': 'live' });
    expect(live.status).toBe(404);
    expect(live.json.error.type).toBe('not_found');
    // Staff commands go to live.db whatever the screen's mode.
    const staff = await rpc(owner, 'staff-list', {});
    expect(staff.json.result.data.map((s: { name: string }) => s.name).sort()).toEqual(['Budi', 'Sari']);
    // The audit log names who did it.
    const audit = await host.kartu.sandbox.services.db.selectFrom('audit_log').selectAll().where('object_id', '=', id).executeTakeFirstOrThrow();
    expect(audit.actor_type).toBe('staff');
  });

  it('lets the core refuse what a role may not do', async () => {
    const refused = await rpc(cashier, 'program-create', { name: 'Nope', kind: 'loyalty', currency: 'IDR' });
    expect(refused.status).toBe(403);
    expect(refused.json.error.type).toBe('permission_error');
    expect((await rpc(owner, 'staff-sign-in', { pin: '482913' })).json.error.code).toBe('host_only');
  });

  it('answers unknown commands, bad input and a bad mode in the error shape', async () => {
    const unknown = await rpc(owner, 'card-teleport', {});
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ ok: false, error: { type: 'invalid_request_error', code: 'unknown_command', message: "Unknown command 'card-teleport'", param: 'command' } });
    const bad = await rpc(owner, 'program-create', { name: 'X', kind: 'loyalty', currency: 'IDR', colour: 'red' });
    expect(bad.json.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    const mode = await rpc(owner, 'program-list', {}, { 'X-Kartu-Mode': 'staging' });
    expect(mode.status).toBe(400);
    expect(mode.json.error.param).toBe('X-Kartu-Mode');
    const envelope = await raw(host.port, { method: 'POST', path: '/rpc/program-list', headers: { Cookie: owner, 'X-Kartu-Mode': 'test' }, json: { input: {}, sneaky: 1 } });
    expect(envelope.json.error.param).toBe('sneaky');
    expect((await raw(host.port, { path: '/rpc/program-list', headers: { Cookie: owner } })).status).toBe(405);
  });

  it('streams committed events of both databases to a signed-in session', async () => {
    const events = await openEvents(owner);
    await rpc(owner, 'program-create', { name: 'Streamed', kind: 'loyalty', currency: 'IDR' });
    await rpc(owner, 'program-create', { name: 'Streamed live', kind: 'loyalty', currency: 'IDR' }, { 'X-Kartu-Mode': 'live' });
    const received = await events.next(2);
    expect(received.map((e) => [e.mode, e.type, (e.data.object as { name: string }).name])).toEqual([
      ['test', 'program.created', 'Streamed'],
      ['live', 'program.created', 'Streamed live'],
    ]);
    expect(received[0]?.id).toMatch(/^evt_/);
    events.close();
  });
});

describe('browser protections', () => {
  it('answer only to our own Host names (DNS rebinding)', async () => {
    const rebound = await raw(host.port, { path: '/session', headers: { Host: `evil.example:${host.port}`, Cookie: owner } });
    expect(rebound.status).toBe(421);
    expect(rebound.json.error.code).toBe('host_not_allowed');
    const api = await raw(host.port, { path: '/v1/programs', headers: { Host: 'evil.example' } });
    expect(api.status).toBe(421);
    expect(api.json).toMatchObject({ error: { type: 'invalid_request_error', code: 'host_not_allowed' } });
    expect((await raw(host.port, { path: '/', headers: { Host: `127.0.0.1:${host.port + 1}` } })).status).toBe(421);
    expect((await raw(host.port, { path: '/session', headers: { Host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('refuse requests from other origins (CSRF), and cross-site fetches', async () => {
    const csrf = await rpc(owner, 'program-create', { name: 'CSRF', kind: 'loyalty', currency: 'IDR' }, { Origin: 'http://evil.example' });
    expect(csrf.status).toBe(403);
    expect(csrf.json.error.code).toBe('origin_not_allowed');
    expect((await raw(host.port, { method: 'POST', path: '/session', headers: { Origin: 'null' }, json: { pin: '482913' } })).status).toBe(403);
    expect((await raw(host.port, { path: '/v1/programs', headers: { Origin: `http://localhost:${host.port + 1}` } })).status).toBe(403);
    expect((await raw(host.port, { path: '/session', headers: { Cookie: owner, 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    const same = await rpc(owner, 'program-list', {}, { Origin: `http://127.0.0.1:${host.port}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(same.status).toBe(200);
    const names = (await host.kartu.sandbox.bus.execute('program-list', { limit: 100 }, SYSTEM_ACTOR)) as { data: Array<{ name: string }> };
    expect(names.data.map((p) => p.name)).not.toContain('CSRF');
  });

  it('send no CORS headers and refuse preflights', async () => {
    const preflight = await raw(host.port, { method: 'OPTIONS', path: '/v1/programs', headers: { 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(405);
    for (const response of [preflight, await rpc(owner, 'program-list', {}), await raw(host.port, { path: '/' })]) {
      expect(Object.keys(response.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    }
  });

  it('refuse bodies over 1 MB (declared or streamed) and anything but JSON', async () => {
    const big = JSON.stringify({ input: { name: 'x'.repeat(1024 * 1024) } });
    const declared = await raw(host.port, { method: 'POST', path: '/rpc/program-list', headers: { Cookie: owner, 'X-Kartu-Mode': 'test', 'Content-Type': 'application/json' }, body: big });
    expect(declared.status).toBe(413);
    expect(declared.json.error.code).toBe('body_too_large');
    const streamed = await chunked('/session', big);
    expect(streamed.status).toBe(413);
    const text = await raw(host.port, { method: 'POST', path: '/session', headers: { 'Content-Type': 'text/plain' }, body: '{"pin":"482913"}' });
    expect(text.status).toBe(415);
    expect(text.json.error.code).toBe('unsupported_media_type');
    const form = await raw(host.port, { method: 'POST', path: '/session', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'pin=482913' });
    expect(form.status).toBe(415);
    const broken = await raw(host.port, { method: 'POST', path: '/session', headers: { 'Content-Type': 'application/json' }, body: '{"pin":' });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('invalid_json');
    expect((await raw(host.port, { method: 'POST', path: '/session', json: ['482913'] })).json.error.code).toBe('invalid_body');
  });
});

describe('the renderer files', () => {
  it('serve index.html with the renderer CSP, hashed assets for good, and screens as index.html', async () => {
    const index = await raw(host.port, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.text).toContain('Kartu test build');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const asset = await raw(host.port, { path: '/assets/app-1234.js' });
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await raw(host.port, { path: '/cards/some-screen' })).text).toContain('Kartu test build');
    expect((await raw(host.port, { path: '/assets/missing.js' })).status).toBe(404);
    // Dot segments are resolved inside the site (an unknown screen: index.html); encoded slashes
    // and NUL that would leave the build folder are refused.
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fpackage.json', '/assets/%00.js']) {
      const response = await raw(host.port, { path });
      expect(response.text, path).not.toContain('root:');
      expect(response.text, path).not.toContain('"devDependencies"');
      if (path.includes('%2f') || path.includes('%00')) expect(response.status, path).toBe(404);
    }
  });

  it('ask for `npm run build:web` when the renderer is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kartu-nobuild-'));
    const bare = await startTestHost({ rendererDir: empty });
    try {
      const page = await raw(bare.port, { path: '/' });
      expect(page.status).toBe(503);
      expect(page.text).toContain('npm run build:web');
    } finally {
      await bare.stop();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('start-up failures', () => {
  it('a port in use is a clear HostStartError, and the databases are closed again', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'kartu-busy-'));
    try {
      const error = await startHost({ dataDir, port, print: () => {} }).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(HostStartError);
      expect((error as Error).message).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*--port`));
      // Closed: the same directory opens again at once.
      const again = await startTestHost({ dataDir });
      await again.close();
    } finally {
      blocker.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('an unusable data directory or database is a clear error naming the path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kartu-bad-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'not a folder');
      const notDir = await startHost({ dataDir: file, port: 0, print: () => {} }).then(() => undefined, (e: unknown) => e);
      expect(notDir).toBeInstanceOf(DataDirError);
      expect((notDir as Error).message).toContain(file);
      const corrupt = join(dir, 'corrupt');
      await startTestHost({ dataDir: corrupt }).then((h) => h.close());
      writeFileSync(join(corrupt, 'sandbox.db'), 'garbage that is not SQLite at all');
      const bad = await startHost({ dataDir: corrupt, port: 0, print: () => {} }).then(() => undefined, (e: unknown) => e);
      expect(bad).toBeInstanceOf(DatabaseOpenError);
      expect((bad as Error).message).toContain('sandbox.db');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface UiEventLike {
  mode: string;
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

/** Reads GET /rpc-events as a browser's EventSource would. */
function openEvents(cookie: string): Promise<{ next(count: number): Promise<UiEventLike[]>; ended: Promise<void>; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path: '/rpc-events', headers: { Cookie: cookie, Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events answered ${res.statusCode}`));
      expect(res.headers['content-type']).toContain('text/event-stream');
      const events: UiEventLike[] = [];
      let buffer = '';
      let waiter: (() => void) | undefined;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as UiEventLike);
        }
        waiter?.();
      });
      const ended = new Promise<void>((done) => res.on('end', done));
      resolve({
        ended,
        close: () => req.destroy(),
        next: (count) =>
          new Promise((done) => {
            const check = (): void => {
              if (events.length >= count) done(events.splice(0, count));
            };
            waiter = check;
            check();
          }),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A body sent chunked, without Content-Length, so the limit is found while streaming. */
function chunked(path: string, body: string): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: host.port, method: 'POST', path, headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      },
    );
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
    req.end();
  });
}
