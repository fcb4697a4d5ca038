import { KartuError, toErrorBody } from '../core/kernel/errors.js';
import type { KartuEngines } from './kartu-engines.js';
import type { Logger } from '../core/kernel/logger.js';
import type { RpcResponse } from '../shared/rpc.js';
import type { IpcCommand } from '../shared/ipc-contract.js';
import type { DesktopSession } from './desktop-session.js';
import { modeForCommand } from '../core/staff/staff-handlers.js';

/**
 * One IPC call: check the mode and the caller, forward to the bus, and answer in the same
 * envelope as the HTTP RPC. (An Error thrown from ipcMain.handle loses its fields on the way, so
 * errors travel as data: {type, code, message, param}.)
 */
export async function runCommand(
  kartu: KartuEngines,
  session: DesktopSession,
  log: Logger,
  name: IpcCommand,
  input: unknown,
  mode: unknown,
): Promise<RpcResponse<unknown>> {
  if (mode !== 'test' && mode !== 'live') {
    return { ok: false, error: { type: 'invalid_request_error', code: 'parameter_invalid', message: "mode must be 'test' (sandbox) or 'live'.", param: 'mode' } };
  }
  const actor = await session.actor();
  if (!actor) {
    return { ok: false, error: { type: 'authentication_error', code: 'not_signed_in', message: 'Sign in with your staff PIN first.' } };
  }
  try {
    // Staff are installation-wide (live.db) whichever data the screen shows.
    const result = await kartu.engine(modeForCommand(name, mode)).bus.execute(name, input, actor);
    return { ok: true, result };
  } catch (error) {
    if (!(error instanceof KartuError)) log.error({ err: error, command: name, mode }, 'command failed');
    return { ok: false, error: toErrorBody(error) };
  }
}
