import { randomBytes } from 'node:crypto';

/**
 * Signed-in sessions of a host (the browser's cookie): in memory only, so restarting the host signs
 * everyone out (its new sign-in link, or a PIN, signs in again). A session names a staff member;
 * who they are and whether they may still act is read from the staff table on every request.
 */
export interface Session {
  id: string;
  staffId: string;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionStoreOptions {
  /** Default 12 hours without a request. */
  idleMs?: number;
  /** Default 7 days whatever the activity. */
  maxAgeMs?: number;
  /** Default 1000; the least recently used session goes first. */
  maxSessions?: number;
  now?: () => number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly maxAgeMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(options: SessionStoreOptions = {}) {
    this.idleMs = options.idleMs ?? 12 * 3600_000;
    this.maxAgeMs = options.maxAgeMs ?? 7 * 86_400_000;
    this.maxSessions = options.maxSessions ?? 1000;
    this.now = options.now ?? Date.now;
  }

  create(staffId: string): Session {
    const at = this.now();
    const session: Session = { id: randomBytes(32).toString('base64url'), staffId, createdAt: at, lastSeenAt: at };
    this.sessions.set(session.id, session);
    while (this.sessions.size > this.maxSessions) this.sessions.delete(this.sessions.keys().next().value as string);
    return session;
  }

  /** The live session with this id (touched, and moved to the back of the eviction order). */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const at = this.now();
    if (at - session.lastSeenAt > this.idleMs || at - session.createdAt > this.maxAgeMs) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = at;
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }
}
