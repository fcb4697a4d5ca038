import { afterEach, describe, expect, it, vi } from 'vitest';
import { IPC_COMMANDS, methodOf, type KartuBridge } from '../../shared/ipc-contract.js';
import { createHttpClient } from './http-client.js';
import { createIpcClient } from './ipc-client.js';
import { ClientError } from './kartu-client.js';

afterEach(() => vi.unstubAllGlobals());

describe('HTTP client', () => {
  it('POSTs /rpc/<name> with the input, the mode header and same-origin credentials, and unwraps the result', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ok: true, result: { object: 'list', data: [], has_more: false } }), { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const client = createHttpClient(() => 'live');
    const result = await client.call('program-list', { limit: 5 });
    expect(result).toEqual({ object: 'list', data: [], has_more: false });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/rpc/program-list');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['X-Kartu-Mode']).toBe('live');
    expect(JSON.parse(init.body as string)).toEqual({ input: { limit: 5 } });
  });

  it('throws the engine error with its param, and says plainly when the host is gone', async () => {
    const body = { ok: false, error: { type: 'invalid_request_error', code: 'parameter_invalid', message: 'Invalid currency', param: 'currency' } };
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status: 400 })));
    const client = createHttpClient(() => 'test');
    await expect(client.call('program-create', { name: 'X', kind: 'loyalty', currency: 'x' })).rejects.toMatchObject({ code: 'parameter_invalid', param: 'currency' });

    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(client.call('program-list', {})).rejects.toMatchObject({ code: 'connection_failed' });

    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>proxy</html>', { status: 502, statusText: 'Bad Gateway' })));
    const error = await client.call('program-list', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'http_502' });
  });

  it('reads GET /session in the envelope, and 401 as signed out', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ ok: true, result: { signed_in: true, staff: { id: 's', name: 'Ayu', role: 'owner' } } }))));
    expect(await createHttpClient(() => 'test').session()).toMatchObject({ signed_in: true });
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 401 })));
    expect(await createHttpClient(() => 'test').session()).toEqual({ signed_in: false });
  });
});

describe('IPC client', () => {
  function bridge(answer: unknown): { bridge: KartuBridge; calls: Array<[string, unknown, unknown]> } {
    const calls: Array<[string, unknown, unknown]> = [];
    const methods: Record<string, unknown> = {};
    for (const name of IPC_COMMANDS) {
      methods[methodOf(name)] = async (input: unknown, mode: unknown) => {
        calls.push([name, input, mode]);
        return answer;
      };
    }
    return { bridge: { ...methods, bridge: 'ipc' } as unknown as KartuBridge, calls };
  }

  it('calls the named preload method with the current mode and unwraps the envelope', async () => {
    const { bridge: b, calls } = bridge({ ok: true, result: { id: 'card_1' } });
    const client = createIpcClient(b, () => 'test');
    expect(await client.call('card-get', { id: 'card_1' })).toEqual({ id: 'card_1' });
    expect(calls).toEqual([['card-get', { id: 'card_1' }, 'test']]);
  });

  it('turns an error envelope into a ClientError, and refuses commands the contract does not list', async () => {
    const { bridge: b } = bridge({ ok: false, error: { type: 'permission_error', code: 'insufficient_permissions', message: 'no' } });
    const client = createIpcClient(b, () => 'test');
    await expect(client.call('program-create', { name: 'X', kind: 'loyalty', currency: 'IDR' })).rejects.toMatchObject({ type: 'permission_error' });
    await expect(client.call('staff-sign-in', { pin: '1234' })).rejects.toMatchObject({ code: 'not_available_on_desktop' });
  });
});
