import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kartu } from '../../core/kartu.js';
import { SYSTEM_ACTOR } from '../../core/bus/actor.js';
import { KartuError, toErrorBody } from '../../core/kernel/errors.js';
import type { Logger } from '../../core/kernel/logger.js';
import type { SessionStore } from '../../core/staff/sessions.js';
import type { StaffActor } from '../../core/staff/staff.js';
import { SESSION_COOKIE, type SessionInfo } from '../../shared/rpc.js';
import { asObject, readJsonBody } from '../http/body.js';
import { clearedCookie, readCookie, sessionCookie } from '../http/cookies.js';
import { HttpError, statusOf } from '../http/http-error.js';
import { sendJson, sendPage } from '../http/respond.js';
import type { AuthThrottle } from '../rest/auth-throttle.js';
import type { EventStreams } from '../rpc/event-streams.js';
import { signedIn } from './session-auth.js';
import type { SignInToken } from './sign-in-token.js';

const COOKIE_MAX_AGE_S = 7 * 86_400;

export interface SessionRoutesOptions {
  kartu: Kartu;
  sessions: SessionStore;
  /** Wrong PINs from one address lock it out for longer and longer. */
  pinThrottle: AuthThrottle;
  token: SignInToken;
  streams: EventStreams;
  log: Logger;
  demo: boolean;
}

/**
 * GET /session (who is signed in), POST /session {pin, staff_id?, name?} (sign in with a staff
 * PIN), DELETE /session (sign out), and the one-time link GET /?token=... Answers use the RPC
 * envelope {ok, result | error}.
 */
export class SessionRoutes {
  constructor(private readonly o: SessionRoutesOptions) {}

  private info(actor: StaffActor | undefined): SessionInfo {
    if (!actor) return { signed_in: false };
    const info: SessionInfo = { signed_in: true, staff: { id: actor.id, name: actor.name, role: actor.role } };
    if (this.o.demo) info.demo = true;
    return info;
  }

  private startSession(req: IncomingMessage, res: ServerResponse, actor: StaffActor): void {
    const previous = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (previous) this.end(previous);
    const session = this.o.sessions.create(actor.id);
    res.setHeader('Set-Cookie', sessionCookie(SESSION_COOKIE, session.id, COOKIE_MAX_AGE_S));
  }

  private end(sessionId: string): void {
    this.o.sessions.delete(sessionId);
    this.o.streams.endSession(sessionId);
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (!(error instanceof KartuError)) this.o.log.error({ err: error }, 'session request failed');
    if (error instanceof HttpError && error.closeConnection) res.setHeader('Connection', 'close');
    sendJson(res, statusOf(error), { ok: false, error: toErrorBody(error) }, error instanceof HttpError ? error.headers : {});
  }

  async get(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const who = await signedIn(this.o.kartu, this.o.sessions, req);
      sendJson(res, 200, { ok: true, result: this.info(who?.actor) });
    } catch (error) {
      this.fail(res, error);
    }
  }

  async post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const source = `pin|${req.socket.remoteAddress ?? '?'}`;
    try {
      const waitMs = this.o.pinThrottle.waitMs(source);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new HttpError(
          429,
          { type: 'rate_limit_error', code: 'too_many_attempts', message: `Too many wrong PINs. Wait ${seconds} s, then try again.` },
          { 'Retry-After': String(seconds) },
        );
      }
      const input = asObject(await readJsonBody(req));
      let actor: StaffActor;
      try {
        actor = (await this.o.kartu.live.bus.execute('staff-sign-in', input, SYSTEM_ACTOR)) as StaffActor;
      } catch (error) {
        if (error instanceof KartuError && error.code === 'invalid_pin') this.o.pinThrottle.fail(source);
        throw error;
      }
      this.o.pinThrottle.succeed(source);
      this.startSession(req, res, actor);
      sendJson(res, 200, { ok: true, result: this.info(actor) });
    } catch (error) {
      this.fail(res, error);
    }
  }

  async delete(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    const session = this.o.sessions.get(id);
    if (id) this.end(id);
    if (session) await this.auditSignOut(session.staffId);
    res.setHeader('Set-Cookie', clearedCookie(SESSION_COOKIE));
    sendJson(res, 200, { ok: true, result: { signed_in: false } satisfies SessionInfo });
  }

  /** The sign-out goes in the audit trail; failing to write it is logged, never keeps anyone signed in. */
  private async auditSignOut(staffId: string): Promise<void> {
    try {
      await this.o.kartu.live.bus.execute('staff-sign-out', { staff_id: staffId }, SYSTEM_ACTOR);
    } catch (error) {
      this.o.log.error({ err: error }, 'sign-out was not audited');
    }
  }

  /**
   * GET /?token=...: the printed link. The first time, it signs in as the installation's first
   * owner (with --demo the demo owner), creating that owner if there is no staff yet, and sends
   * the browser on to the app; afterwards it is refused.
   */
  async tokenSignIn(req: IncomingMessage, res: ServerResponse, token: string | null): Promise<void> {
    if (!this.o.token.consume(token)) {
      sendPage(res, 403, 'This sign-in link no longer works', [
        'Each link printed by <code>npm run serve</code> signs in once. It has been used already, or it is from an earlier start.',
        'Sign in with your staff PIN at <a href="/">the start page</a>, or restart <code>npm run serve</code> for a new link.',
      ]);
      return;
    }
    try {
      const owner = (await this.o.kartu.live.bus.execute('staff-ensure-owner', this.o.demo ? { name: 'Demo owner' } : {}, SYSTEM_ACTOR)) as { actor: StaffActor };
      this.startSession(req, res, owner.actor);
      res.writeHead(303, { Location: '/', 'Cache-Control': 'no-store', 'Content-Length': '0' });
      res.end();
    } catch (error) {
      this.o.log.error({ err: error }, 'sign-in link failed');
      sendPage(res, 500, 'Sign-in failed', ['Kartu could not sign you in. The details are in the host\u2019s log.']);
    }
  }
}
