import type { KartuBridge } from '../../shared/ipc-contract.js';
import type { RpcMode } from '../../shared/rpc.js';
import { createHttpClient } from './http-client.js';
import { createIpcClient } from './ipc-client.js';
import type { KartuClient } from './kartu-client.js';

declare global {
  interface Window {
    /** Present only inside the desktop app (the preload's bridge). */
    kartu?: KartuBridge;
  }
}

/** Inside Electron the preload has put `window.kartu` there; in a browser, talk HTTP. */
export function pickClient(getMode: () => RpcMode): KartuClient {
  const bridge = window.kartu;
  if (bridge && bridge.bridge === 'ipc') return createIpcClient(bridge, getMode);
  return createHttpClient(getMode);
}
