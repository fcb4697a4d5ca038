import { describe, expect, it } from 'vitest';
import { SessionStore } from './sessions.js';

describe('SessionStore', () => {
  it('keeps a session while it is used, and ends it after idling or its maximum age', () => {
    let now = 0;
    const store = new SessionStore({ idleMs: 100, maxAgeMs: 250, now: () => now });
    const session = store.create('staff_1');
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    now = 90;
    expect(store.get(session.id)?.staffId).toBe('staff_1');
    now = 180;
    expect(store.get(session.id)).toBeDefined();
    now = 260;
    expect(store.get(session.id)).toBeUndefined();
    const idle = store.create('staff_2');
    now = 361;
    expect(store.get(idle.id)).toBeUndefined();
    expect(store.get(undefined)).toBeUndefined();
  });

  it('drops the least recently used session past its bound', () => {
    const store = new SessionStore({ maxSessions: 2 });
    const a = store.create('a');
    const b = store.create('b');
    store.get(a.id);
    store.create('c');
    expect(store.size).toBe(2);
    expect(store.get(b.id)).toBeUndefined();
    expect(store.get(a.id)).toBeDefined();
  });
});
