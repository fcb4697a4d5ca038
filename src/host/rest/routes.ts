import type { RestRoute } from './rest-route.js';
import { body, path, pathAndBody, pathAndQuery, query } from './rest-route.js';

/** A settlement file travels as a JSON string: up to 100,000 rows, so more than the 1 MB default. */
export const SETTLEMENT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * THE REST API TABLE: every route of http://127.0.0.1:PORT/v1, one line each.
 *
 * A route is a bus command: the host authenticates the key (which picks the sandbox or live
 * engine), checks `scope`, builds the command's input from the request, honours Idempotency-Key
 * on POST, runs `bus.execute(command, input, apiKeyActor)` and answers the result as JSON, or
 * the error as {"error": {type, code, message, param}} with the status of its type. No business
 * logic here: validation (unknown fields refused by name), permissions and writes are the core's.
 *
 * To add a route, add a line. Input builders (rest-route.ts):
 *   body()              the JSON body                       POST /v1/programs
 *   query()             the query string                    GET  /v1/programs?limit=10
 *   path()              the path parameters ({ id })        GET  /v1/programs/:id
 *   pathAndBody()       path parameters + body              POST /v1/programs/:id
 *   pathAndQuery()      path parameters + query string      GET  /v1/cardholders/:id/cards
 *   path({ id: 'x' })   renames a path parameter to the command's field name `x`
 * `idempotent: false` on a POST whose answer must never be stored (a revealed card number).
 * `bodyLimitBytes` on a POST that carries a file (the 1 MB default is for everything else).
 * Keep `scope` equal to the command's permission scope (rest-routes.test.ts checks it).
 * No ordering needed: a pattern matches whole segments only, and the one with more literal
 * segments wins (`/v1/cards/bulk` over `/v1/cards/:id`).
 */
export const REST_ROUTES: readonly RestRoute[] = [
  // method  path                                         command                      scope                   input
  { method: 'POST',   path: '/v1/programs',                            command: 'program-create',          scope: 'programs:write',       input: body() },
  { method: 'GET',    path: '/v1/programs',                            command: 'program-list',            scope: 'programs:read',        input: query() },
  { method: 'GET',    path: '/v1/programs/:id',                        command: 'program-get',             scope: 'programs:read',        input: path() },
  { method: 'POST',   path: '/v1/programs/:id',                        command: 'program-update',          scope: 'programs:write',       input: pathAndBody() },
  { method: 'POST',   path: '/v1/programs/:id/designs',                command: 'design-create',           scope: 'programs:write',       input: pathAndBody({ id: 'program' }) },
  { method: 'GET',    path: '/v1/programs/:id/designs',                command: 'design-list',             scope: 'programs:read',        input: path({ id: 'program' }) },
  { method: 'POST',   path: '/v1/locations',                           command: 'location-create',         scope: 'programs:write',       input: body() },
  { method: 'GET',    path: '/v1/locations',                           command: 'location-list',           scope: 'programs:read',        input: query() },
  { method: 'GET',    path: '/v1/locations/:id',                       command: 'location-get',            scope: 'programs:read',        input: path() },

  { method: 'POST',   path: '/v1/cardholders',                         command: 'cardholder-create',       scope: 'cardholders:write',    input: body() },
  { method: 'GET',    path: '/v1/cardholders',                         command: 'cardholder-list',         scope: 'cardholders:read',     input: query() },
  { method: 'GET',    path: '/v1/cardholders/:id',                     command: 'cardholder-get',          scope: 'cardholders:read',     input: path() },
  { method: 'POST',   path: '/v1/cardholders/:id',                     command: 'cardholder-update',       scope: 'cardholders:write',    input: pathAndBody() },
  { method: 'GET',    path: '/v1/cardholders/:id/rewards',             command: 'rewards-account-get',     scope: 'rewards:read',         input: pathAndQuery({ id: 'cardholder' }) },

  { method: 'POST',   path: '/v1/cards',                               command: 'card-create',             scope: 'cards:write',          input: body() },
  { method: 'POST',   path: '/v1/cards/bulk',                          command: 'card-create-bulk',        scope: 'cards:write',          input: body() },
  { method: 'GET',    path: '/v1/cards',                               command: 'card-list',               scope: 'cards:read',           input: query() },
  { method: 'GET',    path: '/v1/cards/:id',                           command: 'card-get',                scope: 'cards:read',           input: path() },
  { method: 'POST',   path: '/v1/cards/:id',                           command: 'card-update',             scope: 'cards:write',          input: pathAndBody() },
  { method: 'POST',   path: '/v1/cards/:id/reveal',                    command: 'card-reveal',             scope: 'cards:reveal',         input: pathAndBody(), idempotent: false },
  { method: 'POST',   path: '/v1/cards/:id/replace',                   command: 'card-replace',            scope: 'cards:write',          input: pathAndBody() },
  { method: 'GET',    path: '/v1/cards/:id/balance',                   command: 'balance-get',             scope: 'cards:read',           input: path({ id: 'card' }) },
  { method: 'GET',    path: '/v1/cards/:id/face',                      command: 'card-face',               scope: 'cards:read',           input: path({ id: 'card' }) },

  { method: 'POST',   path: '/v1/top_ups',                             command: 'top-up-create',           scope: 'transactions:write',   input: body() },
  { method: 'GET',    path: '/v1/top_ups',                             command: 'top-up-list',             scope: 'transactions:read',    input: query() },

  { method: 'POST',   path: '/v1/authorizations',                      command: 'authorization-create',    scope: 'authorizations:write', input: body() },
  { method: 'GET',    path: '/v1/authorizations',                      command: 'authorization-list',      scope: 'authorizations:read',  input: query() },
  { method: 'GET',    path: '/v1/authorizations/:id',                  command: 'authorization-get',       scope: 'authorizations:read',  input: path() },
  { method: 'POST',   path: '/v1/authorizations/:id/capture',          command: 'authorization-capture',   scope: 'authorizations:write', input: pathAndBody() },
  { method: 'POST',   path: '/v1/authorizations/:id/reverse',          command: 'authorization-reverse',   scope: 'authorizations:write', input: pathAndBody() },
  { method: 'POST',   path: '/v1/authorizations/:id/increment',        command: 'authorization-increment', scope: 'authorizations:write', input: pathAndBody() },
  { method: 'GET',    path: '/v1/transactions',                        command: 'transaction-list',        scope: 'transactions:read',    input: query() },
  { method: 'GET',    path: '/v1/transactions/:id',                    command: 'transaction-get',         scope: 'transactions:read',    input: path() },
  { method: 'POST',   path: '/v1/transactions/:id/refund',             command: 'transaction-refund',      scope: 'transactions:write',   input: pathAndBody() },

  { method: 'GET',    path: '/v1/rewards/catalogue',                   command: 'reward-list',             scope: 'rewards:read',         input: query() },
  { method: 'POST',   path: '/v1/rewards/catalogue',                   command: 'reward-create',           scope: 'rewards:write',        input: body() },
  { method: 'GET',    path: '/v1/rewards/catalogue/:id',               command: 'reward-get',              scope: 'rewards:read',         input: path() },
  { method: 'POST',   path: '/v1/rewards/redemptions',                 command: 'redemption-create',       scope: 'rewards:write',        input: body() },
  { method: 'GET',    path: '/v1/rewards/redemptions',                 command: 'redemption-list',         scope: 'rewards:read',         input: query() },
  { method: 'GET',    path: '/v1/rewards/redemptions/:id',             command: 'redemption-get',          scope: 'rewards:read',         input: path() },
  { method: 'POST',   path: '/v1/rewards/redemptions/:id/cancel',      command: 'redemption-cancel',       scope: 'rewards:write',        input: pathAndBody() },
  { method: 'POST',   path: '/v1/rewards/adjustments',                 command: 'rewards-adjust',          scope: 'rewards:write',        input: body() },

  { method: 'GET',    path: '/v1/reports/spending',                    command: 'report-spending',             scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/reports/spending_summary',            command: 'report-spending-summary',     scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/reports/spending_heatmap',            command: 'report-spending-heatmap',     scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/reports/spending_by_category',        command: 'report-spending-by-category', scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/reports/spending_by_merchant',        command: 'report-spending-by-merchant', scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/reports/spending_by_card',            command: 'report-spending-by-card',     scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/reports/authorizations',              command: 'report-authorizations',       scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/reports/loyalty',                     command: 'report-loyalty',              scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/reports/campaigns',                   command: 'report-campaigns',            scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/reports/corporate',                   command: 'report-corporate',            scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/exports/transactions',                command: 'transactions-export',         scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/exports/expenses',                    command: 'expense-export',              scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/exports/journal',                     command: 'journal-export',              scope: 'reports:read',    input: query() },
  { method: 'GET',    path: '/v1/cards/:id/statements/:month',         command: 'statement-render',            scope: 'cards:read',      input: pathAndQuery({ id: 'card' }) },

  { method: 'GET',    path: '/v1/events',                              command: 'event-list',              scope: 'events:read',          input: query() },
  { method: 'GET',    path: '/v1/events/:id',                          command: 'event-get',               scope: 'events:read',          input: path() },
  { method: 'POST',   path: '/v1/webhook_endpoints',                   command: 'webhook-endpoint-create', scope: 'webhooks:write',       input: body(), idempotent: false },
  { method: 'GET',    path: '/v1/webhook_endpoints',                   command: 'webhook-endpoint-list',   scope: 'webhooks:write',       input: query() },
  { method: 'GET',    path: '/v1/webhook_endpoints/:id',               command: 'webhook-endpoint-get',    scope: 'webhooks:write',       input: path() },
  { method: 'POST',   path: '/v1/webhook_endpoints/:id',               command: 'webhook-endpoint-update', scope: 'webhooks:write',       input: pathAndBody() },
  { method: 'DELETE', path: '/v1/webhook_endpoints/:id',               command: 'webhook-endpoint-delete', scope: 'webhooks:write',       input: path() },
  { method: 'GET',    path: '/v1/webhook_deliveries',                  command: 'webhook-delivery-list',   scope: 'webhooks:write',       input: query() },

  // The card network. Clearing: the network's settlement file is imported, matched and posted; what
  // cannot be posted with certainty is an open item for a person. Stand-in: counter purchases asked
  // of the network first, decided locally while it is unreachable; their advices, and where the
  // network disagreed. The outbox: card changes the network must learn, and their delivery.
  // (network-reversal, network-refund and network-balance-inquiry are the ISO 8583 port's: they name
  // a purchase by the acquirer's references; the API reverses and refunds by id above.)
  { method: 'POST',   path: '/v1/settlement/imports',                  command: 'settlement-import',           scope: 'transactions:write', input: body(), bodyLimitBytes: SETTLEMENT_BODY_LIMIT_BYTES },
  { method: 'POST',   path: '/v1/settlement/fetches',                  command: 'settlement-fetch',            scope: 'transactions:write', input: body() },
  { method: 'GET',    path: '/v1/settlement/imports',                  command: 'settlement-import-list',      scope: 'transactions:read',  input: query() },
  { method: 'GET',    path: '/v1/settlement/imports/:id',              command: 'settlement-import-get',       scope: 'transactions:read',  input: path() },
  { method: 'GET',    path: '/v1/settlement/items',                    command: 'settlement-item-list',        scope: 'transactions:read',  input: query() },
  { method: 'GET',    path: '/v1/settlement/items/:id',                command: 'settlement-item-get',         scope: 'transactions:read',  input: path() },
  { method: 'POST',   path: '/v1/settlement/items/:id/resolve',        command: 'settlement-item-resolve',     scope: 'transactions:write', input: pathAndBody() },
  { method: 'POST',   path: '/v1/network/authorizations',              command: 'network-authorize',           scope: 'authorizations:write', input: body() },
  { method: 'GET',    path: '/v1/network/advices',                     command: 'network-advice-list',         scope: 'network:write',      input: query() },
  { method: 'POST',   path: '/v1/network/advices/:id/retry',           command: 'network-advice-retry',        scope: 'network:write',      input: pathAndBody() },
  { method: 'GET',    path: '/v1/network/discrepancies',               command: 'network-discrepancy-list',    scope: 'network:write',      input: query() },
  { method: 'GET',    path: '/v1/network/discrepancies/:id',           command: 'network-discrepancy-get',     scope: 'network:write',      input: path() },
  { method: 'POST',   path: '/v1/network/discrepancies/:id/resolve',   command: 'network-discrepancy-resolve', scope: 'network:write',      input: pathAndBody() },
  { method: 'GET',    path: '/v1/network/outbox',                      command: 'outbox-list',                 scope: 'network:write',      input: query() },
  { method: 'GET',    path: '/v1/network/outbox/summary',              command: 'outbox-summary',              scope: 'network:write',      input: query() },
  { method: 'POST',   path: '/v1/network/outbox/:id/retry',            command: 'outbox-retry',                scope: 'network:write',      input: pathAndBody() },

  // Sandbox only: the core refuses these with `sandbox_only` for live keys.
  { method: 'POST',   path: '/v1/test_helpers/authorizations',                 command: 'test-helper-authorize',     scope: 'authorizations:write', input: body() },
  { method: 'POST',   path: '/v1/test_helpers/authorizations/:id/capture',     command: 'test-helper-capture',       scope: 'authorizations:write', input: pathAndBody() },
  { method: 'POST',   path: '/v1/test_helpers/authorizations/:id/expire',      command: 'test-helper-expire',        scope: 'authorizations:write', input: pathAndBody() },
  { method: 'POST',   path: '/v1/test_helpers/cards/:id/shipping/:step',       command: 'test-helper-card-shipping', scope: 'cards:write',          input: pathAndBody() },
  { method: 'GET',    path: '/v1/test_helpers/clock',                          command: 'sandbox-clock-get',         scope: 'network:write',        input: query() },
  { method: 'POST',   path: '/v1/test_helpers/clock/advance',                  command: 'sandbox-clock-advance',     scope: 'network:write',        input: body() },
  { method: 'GET',    path: '/v1/test_helpers/network',                        command: 'sandbox-network-get',       scope: 'network:write',        input: query() },
  { method: 'POST',   path: '/v1/test_helpers/network',                        command: 'sandbox-network-set',       scope: 'network:write',        input: body() },
  { method: 'POST',   path: '/v1/test_helpers/settlement_files',               command: 'test-helper-settlement-file', scope: 'network:write',      input: body() },
  { method: 'POST',   path: '/v1/test_helpers/network/cards/:id/block',        command: 'test-helper-network-block', scope: 'network:write',        input: pathAndBody({ id: 'card' }) },
];
