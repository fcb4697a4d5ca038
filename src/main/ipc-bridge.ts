import { ipcMain, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { KartuEngines } from './kartu-engines.js';
import { KartuError } from '../core/kernel/errors.js';
import type { Logger } from '../core/kernel/logger.js';
import type { KartuEvent } from '../core/events/event-store.js';
import {
  IPC_COMMANDS,
  IPC_EVENT,
  IPC_OPEN_EXTERNAL,
  IPC_SESSION,
  IPC_SIGN_IN,
  IPC_SIGN_OUT,
  channelOf,
  type UiEvent,
} from '../shared/ipc-contract.js';
import type { RpcMode, RpcResponse, SessionInfo } from '../shared/rpc.js';
import { runCommand } from './command-runner.js';
import { SignInError, type DesktopSession } from './desktop-session.js';
import { safeExternalUrl } from './external-url.js';

export interface BridgeOptions {
  kartu: KartuEngines;
  session: DesktopSession;
  log: Logger;
  /** Only the app's own top frame may call: guards against a frame that got loaded somehow. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
}

const UNTRUSTED: RpcResponse<never> = {
  ok: false,
  error: { type: 'permission_error', code: 'untrusted_sender', message: 'This window may not call Kartu.' },
};

/** Registers one handler per contract entry, and the session channels. Returns the undo. */
export function registerIpcBridge(options: BridgeOptions): () => void {
  const { kartu, session, log, isTrustedSender } = options;
  const channels: string[] = [];
  const handle = (channel: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void => {
    ipcMain.handle(channel, fn);
    channels.push(channel);
  };

  for (const name of IPC_COMMANDS) {
    handle(channelOf(name), (event, input, mode) => (isTrustedSender(event) ? runCommand(kartu, session, log, name, input, mode) : UNTRUSTED));
  }

  handle(IPC_SESSION, async (event): Promise<SessionInfo> => (isTrustedSender(event) ? session.info() : { signed_in: false }));

  handle(IPC_SIGN_IN, async (event, input): Promise<RpcResponse<SessionInfo>> => {
    if (!isTrustedSender(event)) return UNTRUSTED;
    try {
      const pin = input && typeof input === 'object' ? (input as { pin?: unknown }).pin : undefined;
      return { ok: true, result: await session.signIn(pin) };
    } catch (error) {
      if (error instanceof SignInError) {
        return { ok: false, error: { type: 'authentication_error', code: 'sign_in_failed', message: error.message, param: 'pin' } };
      }
      if (error instanceof KartuError) return { ok: false, error: error.toBody() };
      log.error({ err: error }, 'sign-in failed');
      return { ok: false, error: { type: 'api_error', code: 'internal_error', message: 'Sign-in failed; the error has been logged.' } };
    }
  });

  handle(IPC_SIGN_OUT, async (event): Promise<SessionInfo> => {
    if (isTrustedSender(event)) {
      await session.signOut().catch((error: unknown) => log.error({ err: error }, 'sign-out was not audited'));
    }
    return session.info();
  });

  handle(IPC_OPEN_EXTERNAL, async (event, raw): Promise<boolean> => {
    const url = isTrustedSender(event) ? safeExternalUrl(raw) : null;
    if (!url) return false;
    await shell.openExternal(url);
    return true;
  });

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/** Forwards committed engine events (both databases) to the window while someone is signed in. */
export function forwardEvents(kartu: KartuEngines, session: DesktopSession, target: () => WebContents | null): () => void {
  const forward = (mode: RpcMode) => (event: KartuEvent) => {
    const contents = target();
    if (!contents || contents.isDestroyed()) return;
    void session.actor().then((actor) => {
      if (!actor || contents.isDestroyed()) return;
      const message: UiEvent = { mode, id: event.id, type: event.type, created: event.created, data: event.data };
      contents.send(IPC_EVENT, message);
    });
  };
  const stops = [kartu.sandbox.events.subscribe(forward('test')), kartu.live.events.subscribe(forward('live'))];
  return () => {
    for (const stop of stops) stop();
  };
}
