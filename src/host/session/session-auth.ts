import type { IncomingMessage } from 'node:http';
import type { Kartu } from '../../core/kartu.js';
import type { Session, SessionStore } from '../../core/staff/sessions.js';
import { staffActor } from '../../core/staff/staff-actor.js';
import type { StaffActor } from '../../core/staff/staff.js';
import { SESSION_COOKIE } from '../../shared/rpc.js';
import { readCookie } from '../http/cookies.js';
import { HttpError } from '../http/http-error.js';

export interface SignedIn {
  session: Session;
  actor: StaffActor;
}

/** The signed-in staff member behind the request's cookie, re-read from live.db each time. */
export async function signedIn(kartu: Kartu, sessions: SessionStore, req: IncomingMessage): Promise<SignedIn | undefined> {
  const session = sessions.get(readCookie(req.headers.cookie, SESSION_COOKIE));
  if (!session) return undefined;
  const actor = await staffActor(kartu.live.services.db, session.staffId);
  if (!actor) {
    // Disabled or removed since signing in: the session ends now.
    sessions.delete(session.id);
    return undefined;
  }
  return { session, actor };
}

export function notSignedIn(): HttpError {
  return new HttpError(401, { type: 'authentication_error', code: 'not_signed_in', message: 'Sign in first: open the link `npm run serve` printed, or sign in with your staff PIN.' });
}
