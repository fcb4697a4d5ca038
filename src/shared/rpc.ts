/**
 * The renderer's RPC over HTTP (the headless host) — the IPC bridge carries the same names.
 * POST {RPC_PATH}/<command-name> with JSON body {"input": ...}; header MODE_HEADER picks the
 * sandbox ("test") or live database. Answer: 200 {"ok": true, "result"} or a 4xx/5xx
 * {"ok": false, "error": {type, code, message, param}}. Only for a signed-in session (cookie).
 */
export const RPC_PATH = '/rpc';
export const EVENTS_PATH = '/rpc-events';
export const SESSION_PATH = '/session';
export const MODE_HEADER = 'X-Kartu-Mode';
export const SESSION_COOKIE = 'kartu_session';

export type RpcMode = 'test' | 'live';

export interface RpcErrorBody {
  type: string;
  code: string;
  message: string;
  param?: string;
  details?: unknown;
}

export type RpcResponse<T> = { ok: true; result: T } | { ok: false; error: RpcErrorBody };

/** What GET /session answers: who is signed in. */
export interface SessionInfo {
  signed_in: boolean;
  staff?: { id: string; name: string; role: 'cashier' | 'manager' | 'owner' };
  demo?: boolean;
}
