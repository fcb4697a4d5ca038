import { z } from 'zod';

/**
 * What the API answers, as integrators rely on it: the fields each object always has. Objects
 * may carry more fields (documented as additional properties), never fewer.
 */
const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_`));
const unix = z.number().int();
const money = z.number().int();

export const errorSchema = z.looseObject({
  error: z.looseObject({
    type: z.enum(['invalid_request_error', 'authentication_error', 'permission_error', 'idempotency_error', 'not_found', 'rate_limit_error', 'api_error']),
    code: z.string(),
    message: z.string(),
    param: z.string().optional(),
  }),
});

export const programSchema = z.looseObject({
  id: id('prog'), object: z.literal('program'), name: z.string(), kind: z.enum(['loyalty', 'prepaid', 'debit', 'credit', 'corporate', 'co_branded']),
  currency: z.string().length(3), timezone: z.string(), network: z.string(), bin: z.string(), brand: z.looseObject({ name: z.string(), primary_color: z.string() }),
  status: z.string(), created: unix, livemode: z.boolean(),
});

export const cardholderSchema = z.looseObject({
  id: id('ch'), object: z.literal('cardholder'), type: z.enum(['individual', 'company']), name: z.string(),
  email: z.string().nullable(), phone: z.string().nullable(), status: z.string(),
  verification: z.looseObject({ status: z.enum(['unverified', 'pending', 'verified', 'rejected']), past_due: z.array(z.string()) }),
  created: unix, livemode: z.boolean(),
});

const balanceSchema = z.looseObject({ available: money, pending: money, currency: z.string().length(3) });

export const cardSchema = z.looseObject({
  id: id('card'), object: z.literal('card'), type: z.enum(['virtual', 'physical']), status: z.enum(['active', 'inactive', 'canceled']),
  cancellation_reason: z.enum(['lost', 'stolen', 'damaged', 'expired', 'fraud', 'closed_by_request']).nullable(),
  last4: z.string().regex(/^\d{4}$/), exp_month: z.number().int().min(1).max(12), exp_year: z.number().int(),
  program: id('prog'), cardholder: id('ch'), spending_controls: z.looseObject({ spending_limits: z.array(z.looseObject({ amount: money, interval: z.string() })) }),
  balance: balanceSchema.optional(), created: unix, livemode: z.boolean(),
});

export const cardDetailsSchema = z.looseObject({ number: z.string().regex(/^\d{12,19}$/), cvc: z.string().regex(/^\d{3}$/), exp_month: z.number().int(), exp_year: z.number().int() });

export const authorizationSchema = z.looseObject({
  id: id('auth'), object: z.literal('authorization'), approved: z.boolean(), response_code: z.string().regex(/^\d{2}$/),
  decline_reason: z.string().nullable(), status: z.enum(['pending', 'closed', 'reversed', 'expired']),
  amount: money, currency: z.string().length(3), card: z.string().nullable(), merchant: z.looseObject({ name: z.string(), mcc: z.string() }), created: unix,
});

export const transactionSchema = z.looseObject({
  id: id('txn'), object: z.literal('transaction'), type: z.enum(['capture', 'refund']), amount: money, currency: z.string().length(3), authorization: id('auth'), card: id('card'), created: unix,
});

export const eventSchema = z.looseObject({ id: id('evt'), object: z.literal('event'), type: z.string(), created: unix, data: z.looseObject({ object: z.record(z.string(), z.unknown()) }) });

export const webhookEndpointSchema = z.looseObject({ id: id('we'), object: z.literal('webhook_endpoint'), url: z.string(), enabled_events: z.array(z.string()), status: z.string(), secret: z.string().optional() });

export const webhookDeliverySchema = z.looseObject({
  id: id('whd'), object: z.literal('webhook_delivery'), endpoint: id('we'), event: id('evt'), event_type: z.string(),
  status: z.enum(['pending', 'retrying', 'delivered', 'failed', 'canceled']), attempts: z.number().int(), next_attempt_at: z.string().nullable(),
  last_status_code: z.number().int().nullable(), last_error: z.string().nullable(), created_at: z.string(), delivered_at: z.string().nullable(),
});

export const rewardsAccountSchema = z.looseObject({ points: z.number().int(), tier: z.unknown(), cashback_balance: z.number().int() });

const iso = z.string();
const nullableString = z.string().nullable();

export const settlementImportSchema = z.looseObject({
  id: id('simp'), object: z.literal('settlement_import'), file_id: z.string(), format: z.enum(['sandbox', 'csv']), network: nullableString,
  settlement_date: nullableString, records: z.number().int(), matched: z.number().int(), captured: z.number().int(), exceptions: z.number().int(),
  total_amount: z.record(z.string(), money), imported_by: z.string(), created_at: iso, duplicate: z.boolean(), skipped: z.number().int().optional(),
});

export const settlementItemSchema = z.looseObject({
  id: id('sitm'), object: z.literal('settlement_item'), import: id('simp'), record_id: z.string(), line: z.number().int(), type: z.enum(['capture', 'refund']),
  authorization: nullableString, rrn: nullableString, card_last4: z.string().regex(/^\d{4}$/), amount: money, currency: z.string().length(3),
  merchant_id: z.string(), settled_at: iso, interchange_fee: money,
  outcome: z.enum(['captured', 'refunded', 'already_settled', 'exception']), problem: nullableString, detail: nullableString, transaction: nullableString,
  status: z.enum(['open', 'matched', 'resolved']), resolution: nullableString, resolution_note: nullableString, resolved_by: nullableString, resolved_at: nullableString,
});

const deliveryStatus = z.enum(['pending', 'retrying', 'delivered', 'failed']);

export const networkAdviceSchema = z.looseObject({
  id: id('adv'), object: z.literal('network_advice'), kind: z.enum(['stand_in', 'authorization']), authorization: id('auth'), card: id('card'),
  status: deliveryStatus, attempts: z.number().int(), next_attempt_at: iso, last_error: nullableString, network_reference: nullableString, rrn: nullableString,
  network_response_code: nullableString, decision: z.looseObject({ approved: z.boolean(), responseCode: z.string(), amount: money, currency: z.string() }),
  created_at: iso, delivered_at: nullableString,
});

export const networkDiscrepancySchema = z.looseObject({
  id: id('ndis'), object: z.literal('network_discrepancy'), kind: z.enum(['network_declined', 'network_approved', 'response_code_differs']), authorization: id('auth'), card: id('card'), advice: id('adv'),
  local: z.looseObject({ approved: z.boolean(), response_code: z.string() }), network: z.looseObject({ approved: z.boolean(), response_code: z.string() }),
  amount: money, currency: z.string().length(3), detail: z.string(), status: z.enum(['open', 'resolved']), resolution: nullableString,
  resolution_note: nullableString, resolved_by: nullableString, resolved_at: nullableString, created_at: iso,
});

export const networkMessageSchema = z.looseObject({
  id: id('obx'), object: z.literal('network_message'), card: id('card'), kind: z.string(), status: deliveryStatus, attempts: z.number().int(),
  next_attempt_at: iso, last_error: nullableString, payload: z.record(z.string(), z.unknown()), created_at: iso, delivered_at: nullableString,
});

export const outboxSummarySchema = z.looseObject({ pending: z.number().int(), retrying: z.number().int(), delivered: z.number().int(), failed: z.number().int() });

export const settlementFileSchema = z.looseObject({
  object: z.literal('settlement_file'), file_id: z.string(), format: z.enum(['sandbox', 'csv']), settlement_date: nullableString, records: z.number().int(), content: z.string(),
});

export const listOf = (item: z.ZodType) => z.looseObject({ object: z.literal('list'), data: z.array(item), has_more: z.boolean() });

const anyObject = z.record(z.string(), z.unknown());

/** The answer of each command the API serves; commands not named here answer a JSON object. */
export const RESPONSES: Readonly<Record<string, z.ZodType>> = {
  'program-create': programSchema, 'program-get': programSchema, 'program-update': programSchema, 'program-list': listOf(programSchema),
  'cardholder-create': cardholderSchema, 'cardholder-get': cardholderSchema, 'cardholder-update': cardholderSchema, 'cardholder-list': listOf(cardholderSchema),
  'card-create': cardSchema, 'card-get': cardSchema, 'card-update': cardSchema, 'card-replace': cardSchema, 'card-list': listOf(cardSchema),
  'card-reveal': cardDetailsSchema, 'balance-get': balanceSchema,
  'authorization-create': authorizationSchema, 'authorization-get': authorizationSchema, 'authorization-reverse': authorizationSchema,
  'authorization-increment': authorizationSchema, 'authorization-list': listOf(authorizationSchema), 'test-helper-authorize': authorizationSchema,
  'test-helper-expire': authorizationSchema,
  'authorization-capture': transactionSchema, 'test-helper-capture': transactionSchema, 'transaction-refund': transactionSchema,
  'transaction-get': transactionSchema, 'transaction-list': listOf(transactionSchema),
  'event-get': eventSchema, 'event-list': listOf(eventSchema),
  'webhook-endpoint-create': webhookEndpointSchema, 'webhook-endpoint-get': webhookEndpointSchema, 'webhook-endpoint-update': webhookEndpointSchema,
  'webhook-endpoint-list': listOf(webhookEndpointSchema), 'webhook-delivery-list': listOf(webhookDeliverySchema),
  'rewards-account-get': rewardsAccountSchema,
  'test-helper-card-shipping': cardSchema,
  'settlement-import': settlementImportSchema, 'settlement-fetch': settlementImportSchema, 'settlement-import-get': settlementImportSchema, 'settlement-import-list': listOf(settlementImportSchema),
  'settlement-item-get': settlementItemSchema, 'settlement-item-resolve': settlementItemSchema, 'settlement-item-list': listOf(settlementItemSchema),
  'network-authorize': authorizationSchema,
  'network-advice-retry': networkAdviceSchema, 'network-advice-list': listOf(networkAdviceSchema),
  'network-discrepancy-get': networkDiscrepancySchema, 'network-discrepancy-resolve': networkDiscrepancySchema, 'network-discrepancy-list': listOf(networkDiscrepancySchema),
  'outbox-retry': networkMessageSchema, 'outbox-list': listOf(networkMessageSchema), 'outbox-summary': outboxSummarySchema,
  'test-helper-settlement-file': settlementFileSchema,
};

export function responseSchemaOf(command: string): z.ZodType {
  return RESPONSES[command] ?? anyObject;
}
