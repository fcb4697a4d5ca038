import { EVENTS_PATH, MODE_HEADER, RPC_PATH, SESSION_PATH, type RpcMode, type RpcResponse, type SessionInfo } from '../../shared/rpc.js';
import type { SignInInput, UiEvent } from '../../shared/ipc-contract.js';
import { ClientError, type KartuClient } from './kartu-client.js';

const CONNECTION_LOST = {
  type: 'api_error',
  code: 'connection_failed',
  message: 'Cannot reach the Kartu host. Check that it is still running, then try again.',
};

async function readEnvelope<T>(response: Response): Promise<T> {
  let body: RpcResponse<T> | null = null;
  try {
    body = (await response.json()) as RpcResponse<T>;
  } catch {
    // Not JSON: a proxy page, a crash. Said plainly below.
  }
  if (body && typeof body === 'object' && 'ok' in body) {
    if (body.ok) return body.result;
    throw new ClientError(body.error);
  }
  if (response.status === 401) throw new ClientError({ type: 'authentication_error', code: 'not_signed_in', message: 'Your session has ended. Sign in again.' });
  throw new ClientError({ type: 'api_error', code: `http_${response.status}`, message: `The Kartu host answered ${response.status} ${response.statusText}.` });
}

/**
 * The browser client: POST /rpc/<command> with the mode header, the session cookie (same origin
 * only) and one EventSource for live updates shared by every listener.
 */
export function createHttpClient(getMode: () => RpcMode, base = ''): KartuClient {
  const listeners = new Set<(event: UiEvent) => void>();
  let source: EventSource | null = null;

  const request = async <T>(path: string, init: RequestInit): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(base + path, { credentials: 'same-origin', ...init, headers: { Accept: 'application/json', ...init.headers } });
    } catch {
      throw new ClientError(CONNECTION_LOST);
    }
    return readEnvelope<T>(response);
  };

  const openEvents = (): void => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(base + EVENTS_PATH, { withCredentials: false });
    source.onmessage = (message) => {
      let event: UiEvent;
      try {
        event = JSON.parse(message.data as string) as UiEvent;
      } catch {
        return;
      }
      for (const listener of listeners) listener(event);
    };
  };

  const closeEvents = (): void => {
    source?.close();
    source = null;
  };

  return {
    kind: 'http',
    call(name, input) {
      return request(`${RPC_PATH}/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [MODE_HEADER]: getMode() },
        body: JSON.stringify({ input }),
      });
    },
    async session() {
      let response: Response;
      try {
        response = await fetch(base + SESSION_PATH, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      } catch {
        throw new ClientError(CONNECTION_LOST);
      }
      if (response.status === 401) return { signed_in: false };
      const body = (await response.json().catch(() => null)) as SessionInfo | RpcResponse<SessionInfo> | null;
      if (!body) throw new ClientError({ type: 'api_error', code: `http_${response.status}`, message: 'The Kartu host sent an unreadable session answer.' });
      if ('ok' in body) {
        if (body.ok) return body.result;
        throw new ClientError(body.error);
      }
      return body;
    },
    signIn(input: SignInInput) {
      return request<SessionInfo>(SESSION_PATH, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    },
    async signOut() {
      closeEvents();
      return request<SessionInfo>(SESSION_PATH, { method: 'DELETE' });
    },
    onEvent(listener) {
      listeners.add(listener);
      openEvents();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) closeEvents();
      };
    },
  };
}
