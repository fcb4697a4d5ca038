import { programHandlers } from './programs/program-handlers.js';
import { designHandlers } from './programs/design-handlers.js';
import { locationHandlers } from './programs/location-handlers.js';
import { cardholderHandlers } from './cardholders/cardholder-handlers.js';
import { cardHandlers } from './cards/card-handlers.js';
import { eventHandlers } from './events/event-handlers.js';
import { auditHandlers } from './audit/audit-handlers.js';
import { outboxHandlers } from './network/outbox/outbox-handlers.js';
import { sandboxHandlers } from './sandbox/sandbox-handlers.js';
import { testHelperHandlers } from './sandbox/test-helper-handlers.js';
import { networkReversalHandlers } from './network/network-reversal-handlers.js';
import { networkHandlers } from './network/network-handlers.js';
import { rulesTryHandlers } from './rules/rules-try-handlers.js';
import { apiKeyHandlers } from './api-keys/api-key-handlers.js';
import { staffHandlers } from './staff/staff-handlers.js';
import { webhookHandlers } from './webhooks/webhook-handlers.js';
import { rewardsHandlers } from './rewards/rewards-handlers.js';
import { ledgerHandlers } from './ledger/ledger-handlers.js';
import { authorizationHandlers } from './authorization/authorization-handlers.js';
import { decideManyHandlers } from './authorization/decide-many.js';
import { fxHandlers } from './fx/fx-handlers.js';
import { feeHandlers } from './fees/fee-handlers.js';
import { riskHandlers } from './risk/risk-handlers.js';
import { complianceHandlers } from './compliance/compliance-handlers.js';
import { reportHandlers } from './reports/report-handlers.js';
import { dashboardHandlers } from './reports/dashboard-summary.js';
import { exportHandlers } from './exports/export-handlers.js';
import { backupHandlers } from './backup/backup-handlers.js';

/**
 * Every named operation of the engine. The bus, the IPC contract, the HTTP RPC and the renderer's
 * client are all typed from this one map. Names are `entity-verb`.
 */
export const handlers = {
  ...programHandlers,
  ...designHandlers,
  ...locationHandlers,
  ...cardholderHandlers,
  ...cardHandlers,
  ...eventHandlers,
  ...auditHandlers,
  ...outboxHandlers,
  ...sandboxHandlers,
  ...testHelperHandlers,
  ...networkReversalHandlers,
  ...networkHandlers,
  ...rulesTryHandlers,
  ...apiKeyHandlers,
  ...staffHandlers,
  ...webhookHandlers,
  ...rewardsHandlers,
  ...ledgerHandlers,
  ...authorizationHandlers,
  ...decideManyHandlers,
  ...fxHandlers,
  ...feeHandlers,
  ...riskHandlers,
  ...complianceHandlers,
  ...reportHandlers,
  ...dashboardHandlers,
  ...exportHandlers,
  ...backupHandlers,
};

export type Handlers = typeof handlers;
export type CommandName = keyof Handlers & string;
