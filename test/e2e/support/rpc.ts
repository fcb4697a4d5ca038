import { expect, type APIRequestContext } from '@playwright/test';

/**
 * The renderer's RPC from a test, as the signed-in staff member of `request` (its session cookie):
 * for setting up what a journey needs without clicking through every screen first.
 */
export async function rpc<T = Record<string, unknown>>(request: APIRequestContext, name: string, input: unknown, mode: 'test' | 'live' = 'test'): Promise<T> {
  const response = await request.post(`/rpc/${name}`, { headers: { 'X-Kartu-Mode': mode }, data: { input } });
  const body = (await response.json()) as { ok: boolean; result?: T; error?: unknown };
  expect(body.ok, `${name}: ${JSON.stringify(body.error)}`).toBe(true);
  return body.result as T;
}

/** The same call, for a refusal the test expects: the error envelope and the HTTP status. */
export async function rpcError(request: APIRequestContext, name: string, input: unknown, mode: 'test' | 'live' = 'test'): Promise<{ status: number; error: { type: string; code: string; message: string } }> {
  const response = await request.post(`/rpc/${name}`, { headers: { 'X-Kartu-Mode': mode }, data: { input } });
  const body = (await response.json()) as { ok: boolean; error: { type: string; code: string; message: string } };
  expect(body.ok).toBe(false);
  return { status: response.status(), error: body.error };
}
