import type { KartuClient } from '../client/kartu-client.js';

/** What the first screen will ask for, asked while the session check and the first render run. */
export interface Prefetch {
  name: string;
  input: unknown;
}

/** A prefetched answer is used once, and only this soon after the page loaded. */
const FRESH_MS = 15_000;

/**
 * Starts `requests` at once on the bare client and answers the first matching `call` (same name and
 * input) with that request: the host has already been working on it while the page checked the
 * session and rendered the shell, instead of after. A failed prefetch (signed out, a cashier without
 * the permission) is forgotten: the call is then made afresh, and its error handled as any other.
 */
export function withFirstScreenPrefetch(client: KartuClient, requests: readonly Prefetch[]): KartuClient {
  const started = Date.now();
  const waiting = new Map<string, Promise<unknown>>();
  const keyOf = (name: string, input: unknown) => `${name} ${JSON.stringify(input)}`;
  for (const { name, input } of requests) {
    const promise = client.call(name as never, input as never);
    promise.catch(() => undefined);
    waiting.set(keyOf(name, input), promise);
  }
  return {
    ...client,
    kind: client.kind,
    call(name, input) {
      const key = keyOf(name, input);
      const early = waiting.get(key);
      if (early) {
        waiting.delete(key);
        if (Date.now() - started < FRESH_MS) return early.catch(() => client.call(name, input)) as ReturnType<typeof client.call>;
      }
      return client.call(name, input);
    },
  };
}
