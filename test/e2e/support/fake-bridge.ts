import type { Page } from '@playwright/test';
import { IPC_COMMANDS, methodOf } from '../../../src/shared/ipc-contract.js';

/**
 * Puts a `window.kartu` shaped exactly like the desktop preload's (one named method per contract
 * entry, frozen) into the page, carried over the host's HTTP RPC instead of Electron IPC. The
 * renderer then picks its IPC client: this is how the browser tests check that the screens work the
 * same over the bridge, since Electron itself cannot be launched on these machines.
 */
export async function installFakeBridge(page: Page): Promise<void> {
  const commands = IPC_COMMANDS.map((name) => ({ name, method: methodOf(name) }));
  await page.addInitScript((list: Array<{ name: string; method: string }>) => {
    const post = async (path: string, init: RequestInit): Promise<{ ok: boolean; result?: unknown }> =>
      (await fetch(path, { credentials: 'same-origin', ...init })).json() as Promise<{ ok: boolean; result?: unknown }>;
    const methods: Record<string, unknown> = {};
    for (const { name, method } of list) {
      methods[method] = (input: unknown, mode: string) =>
        post(`/rpc/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Kartu-Mode': mode }, body: JSON.stringify({ input }) });
    }
    const calls: string[] = [];
    (globalThis as unknown as { __bridgeCalls: string[] }).__bridgeCalls = calls;
    const counted = Object.fromEntries(
      Object.entries(methods).map(([method, fn]) => [method, (...args: unknown[]) => (calls.push(method), (fn as (...a: unknown[]) => unknown)(...args))]),
    );
    const unwrap = (envelope: { ok: boolean; result?: unknown }) => envelope.result;
    Object.defineProperty(globalThis, 'kartu', {
      value: Object.freeze({
        ...counted,
        bridge: 'ipc',
        session: async () => unwrap(await post('/session', {})),
        signIn: (input: unknown) => post('/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) }),
        signOut: async () => unwrap(await post('/session', { method: 'DELETE' })),
        openExternal: async () => false,
        onEvent: () => () => undefined,
      }),
    });
  }, commands);
}
