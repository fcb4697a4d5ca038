import type { CommandName, Handlers } from '../core/handlers.js';
import type { InputOf, OutputOf } from '../core/bus/define.js';
import type { RpcMode, RpcResponse, SessionInfo } from './rpc.js';

/**
 * The one list of engine commands the desktop renderer may call over IPC (one channel each,
 * `kartu:<name>`). Main registers a handler per entry and the preload generates one named method
 * per entry, so the whole surface is reviewable here and there is no generic passthrough.
 * Type-only imports from the core: the sandboxed preload bundles nothing but this list.
 * A new engine command reaches the desktop only once it is added here.
 */
export const IPC_COMMANDS = [
  'program-create',
  'program-update',
  'program-get',
  'program-list',
  'design-create',
  'design-list',
  'card-face',
  'location-create',
  'location-list',
  'location-get',
  'cardholder-create',
  'cardholder-update',
  'cardholder-verify',
  'cardholder-get',
  'cardholder-list',
  'card-create',
  'card-update',
  'card-replace',
  'card-ship',
  'card-reveal',
  'card-get',
  'card-find-by-number',
  'card-list',
  'event-list',
  'event-get',
  'audit-list',
  'audit-verify',
  'outbox-list',
  'outbox-summary',
  'outbox-retry',
  'sandbox-clock-get',
  'sandbox-clock-advance',
  'sandbox-network-get',
  'sandbox-network-set',
  'key-create',
  'key-list',
  'key-revoke',
  // staff-sign-in and staff-ensure-owner are the host's own (system actor): the session channels below.
  'staff-create',
  'staff-list',
  'staff-update',
  'webhook-endpoint-create',
  'webhook-endpoint-update',
  'webhook-endpoint-delete',
  'webhook-endpoint-get',
  'webhook-endpoint-list',
  'webhook-delivery-list',
  'webhook-allowed-hosts-set',
  // Counter mode and transactions
  'authorization-create',
  'network-authorize',
  'authorization-capture',
  'authorization-reverse',
  'authorization-get',
  'authorization-list',
  'transaction-refund',
  'transaction-list',
  'top-up-create',
  'rewards-account-get',
  'rewards-member-enroll',
  'reward-list',
  'redemption-create',
  'redemption-cancel',
  // Spending rules
  'rules-replay',
  'rules-try',
  // Rewards and program settings
  'rewards-summary',
  'rewards-settings-get',
  'reward-create',
  'reward-update',
  'redemption-list',
  'campaign-create',
  'campaign-update',
  'campaign-list',
  'earning-rule-create',
  'earning-rule-archive',
  'earning-rule-list',
  'tier-create',
  'tier-update',
  'tier-list',
  // Dashboard
  'report-spending',
  'report-spending-summary',
  'report-authorizations',
  'report-loyalty',
  'dashboard-summary',
  'alert-list',
  'reports-rebuild',
  // Reports
  'report-spending-by-category',
  'report-spending-by-merchant',
  'report-corporate',
  'transactions-export',
  // Reports: heat map, cards, campaigns, point value, exports and accounting
  'report-spending-heatmap',
  'report-spending-by-card',
  'report-campaigns',
  'report-settings-get',
  'report-settings-update',
  'report-export',
  'journal-export',
  'account-mapping-get',
  'account-mapping-update',
  // Card network: settlement imports and exceptions, stand-in advices, differences, the sandbox's file
  'settlement-import',
  'settlement-fetch',
  'settlement-import-list',
  'settlement-item-list',
  'settlement-item-resolve',
  'network-advice-list',
  'network-advice-retry',
  'network-discrepancy-list',
  'network-discrepancy-resolve',
  'test-helper-settlement-file',
  // Settings › Backup (owner): make and verify backups, schedule a restore for the next start
  'backup-create',
  'backup-verify',
  'backup-status',
  'backup-restore-schedule',
  'backup-restore-cancel',
] as const satisfies readonly CommandName[];

export type IpcCommand = (typeof IPC_COMMANDS)[number];

/** Channels that are not engine commands: the desktop session and the event stream. */
export const IPC_SESSION = 'kartu:session';
export const IPC_SIGN_IN = 'kartu:sign-in';
export const IPC_SIGN_OUT = 'kartu:sign-out';
export const IPC_OPEN_EXTERNAL = 'kartu:open-external';
/** Main -> renderer: one committed engine event. */
export const IPC_EVENT = 'kartu:event';

export type CommandChannel = `kartu:${IpcCommand}`;

export function channelOf(name: IpcCommand): CommandChannel {
  return `kartu:${name}`;
}

/** 'program-create' -> 'programCreate', at the type level too. */
export type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

export function methodOf<S extends string>(name: S): CamelCase<S> {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) as CamelCase<S>;
}

/** An engine event as the UI receives it, tagged with the database it came from. */
export interface UiEvent {
  mode: RpcMode;
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

export interface SignInInput {
  pin: string;
}

export type CommandMethods = {
  [K in IpcCommand as CamelCase<K>]: (input: InputOf<Handlers[K]>, mode: RpcMode) => Promise<RpcResponse<OutputOf<Handlers[K]>>>;
};

/** What the preload exposes as `window.kartu`: frozen, named methods only. */
export type KartuBridge = CommandMethods & {
  readonly bridge: 'ipc';
  session(): Promise<SessionInfo>;
  signIn(input: SignInInput): Promise<RpcResponse<SessionInfo>>;
  signOut(): Promise<SessionInfo>;
  openExternal(url: string): Promise<boolean>;
  /** Returns the function that stops listening. */
  onEvent(listener: (event: UiEvent) => void): () => void;
};
