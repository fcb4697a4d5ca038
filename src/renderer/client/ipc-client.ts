import { IPC_COMMANDS, methodOf, type IpcCommand, type KartuBridge } from '../../shared/ipc-contract.js';
import type { RpcMode, RpcResponse } from '../../shared/rpc.js';
import { ClientError, type KartuClient } from './kartu-client.js';

const EXPOSED = new Set<string>(IPC_COMMANDS);

function unwrap<T>(response: RpcResponse<T>): T {
  if (response.ok) return response.result;
  throw new ClientError(response.error);
}

/** The desktop client: each command goes through its own named preload method. */
export function createIpcClient(bridge: KartuBridge, getMode: () => RpcMode): KartuClient {
  return {
    kind: 'ipc',
    async call(name, input) {
      if (!EXPOSED.has(name)) {
        throw new ClientError({
          type: 'invalid_request_error',
          code: 'not_available_on_desktop',
          message: `'${name}' is not available in the desktop app yet.`,
        });
      }
      const method = bridge[methodOf(name as IpcCommand)] as (input: unknown, mode: RpcMode) => Promise<RpcResponse<never>>;
      return unwrap(await method(input, getMode()));
    },
    session: () => bridge.session(),
    async signIn(input) {
      return unwrap(await bridge.signIn(input));
    },
    signOut: () => bridge.signOut(),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
