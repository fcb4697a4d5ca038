import { create } from 'zustand';
import type { RpcMode, SessionInfo } from '../../shared/rpc.js';

const MODE_KEY = 'kartu.mode';

function storedMode(): RpcMode {
  try {
    return localStorage.getItem(MODE_KEY) === 'live' ? 'live' : 'test';
  } catch {
    return 'test';
  }
}

export type SessionState = { status: 'checking' } | { status: 'ready'; info: SessionInfo } | { status: 'unreachable'; message: string };

interface AppState {
  /** Which database every call goes to. Starts in the sandbox unless live was chosen before. */
  mode: RpcMode;
  session: SessionState;
  /** Bumped for each engine event of the current mode: lists reload on it. */
  eventSeq: number;
  lastEventType: string | null;
  /** A one-time success message shown by the next screen (e.g. after a create). */
  flash: string | null;
  setMode(mode: RpcMode): void;
  setSession(session: SessionState): void;
  noteEvent(type: string): void;
  setFlash(message: string | null): void;
}

export const useApp = create<AppState>()((set) => ({
  mode: storedMode(),
  session: { status: 'checking' },
  eventSeq: 0,
  lastEventType: null,
  flash: null,
  setMode(mode) {
    try {
      localStorage.setItem(MODE_KEY, mode);
    } catch {
      // Not persisted in private windows; fine.
    }
    set({ mode });
  },
  setSession: (session) => set({ session }),
  noteEvent: (type) => set((state) => ({ eventSeq: state.eventSeq + 1, lastEventType: type })),
  setFlash: (flash) => set({ flash }),
}));

/** For the clients, which read the mode at call time. */
export function currentMode(): RpcMode {
  return useApp.getState().mode;
}
