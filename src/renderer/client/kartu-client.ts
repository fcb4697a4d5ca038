import type { CommandName, Handlers } from '../../core/handlers.js';
import type { InputOf, OutputOf } from '../../core/bus/define.js';
import type { RpcErrorBody, RpcMode, SessionInfo } from '../../shared/rpc.js';
import type { SignInInput, UiEvent } from '../../shared/ipc-contract.js';

export type { CommandName, Handlers, InputOf, OutputOf, SessionInfo, UiEvent, RpcMode };

export type Input<K extends CommandName> = InputOf<Handlers[K]>;
export type Output<K extends CommandName> = OutputOf<Handlers[K]>;

/**
 * How the screens reach the engine, whichever host they run in: HTTP against the headless host
 * (a browser) or IPC through the preload (Electron). Typed from the engine's one handler map, so
 * a renamed command or changed input breaks the build, not the user.
 */
export interface KartuClient {
  readonly kind: 'http' | 'ipc';
  call<K extends CommandName>(name: K, input: InputOf<Handlers[K]>): Promise<OutputOf<Handlers[K]>>;
  session(): Promise<SessionInfo>;
  signIn(input: SignInInput): Promise<SessionInfo>;
  signOut(): Promise<SessionInfo>;
  /** Committed engine events of both databases; returns the function that stops listening. */
  onEvent(listener: (event: UiEvent) => void): () => void;
}

/** Every failure reaches the screens in the engine's error shape, so they can name the field. */
export class ClientError extends Error {
  readonly type: string;
  readonly code: string;
  readonly param: string | undefined;
  readonly details: unknown;

  constructor(body: RpcErrorBody) {
    super(body.message);
    this.name = 'ClientError';
    this.type = body.type;
    this.code = body.code;
    this.param = body.param;
    this.details = body.details;
  }
}

export function toClientError(error: unknown): ClientError {
  if (error instanceof ClientError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ClientError({ type: 'api_error', code: 'client_error', message });
}

/** The session expired or was never there: the app shows the sign-in screen. */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof ClientError && error.type === 'authentication_error';
}
