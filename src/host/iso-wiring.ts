import type { Engine } from '../core/engine.js';
import type { Actor } from '../core/bus/actor.js';
import type { Logger } from '../core/kernel/logger.js';
import { KartuError } from '../core/kernel/errors.js';
import { AuthorizationQueue, type Sold } from '../core/authorization/authorization-queue.js';
import type { IsoAuthorizationHandler, IsoDecision, IsoTransactionRequest } from '../core/network/iso8583/authorization-mapping.js';
import { AMOUNT_TYPE_AVAILABLE_BALANCE, AMOUNT_TYPE_LEDGER_BALANCE } from '../core/network/iso8583/field-formats.js';
import type { Authorization } from '../core/authorization/authorization.js';
import type { BalanceInquiryResult } from '../core/network/iso-request-handlers.js';

/** The caller behind every ISO 8583 request (audit: who decided). */
export const ISO_ACTOR: Actor = { type: 'system', id: 'iso8583' };

export interface IsoWiring {
  handler: IsoAuthorizationHandler;
  /** Lets the decisions in flight commit (and late approvals be undone). */
  close(): Promise<void>;
}

export interface IsoWiringOptions {
  /**
   * How long a purchase may take to be decided before the acquirer is answered 96. Below the
   * port's own timeout (10 s), so that it is the wiring, which knows what it answered, that
   * times out. Default 5 s; 0 = no deadline.
   */
  decisionDeadlineMs?: number;
}

export const DEFAULT_DECISION_DEADLINE_MS = 5_000;

/** Field 22, first two digits (PAN entry mode) -> the engine's entry modes. */
const ENTRY_MODE: Record<string, string> = {
  '01': 'manual',
  '02': 'magstripe',
  '90': 'magstripe',
  '05': 'chip',
  '95': 'chip',
  '07': 'contactless',
  '91': 'contactless',
  '03': 'qr',
  '10': 'ecommerce',
  '81': 'ecommerce',
};

/**
 * The acquirer's references of a purchase, as the engine's client id: the same request sent again
 * (a repeat MTI) is decided once, and a reversal finds its original through field 90, which holds
 * the original's STAN, transmission time and acquirer id (zero-padded there, so padding is dropped).
 */
export function isoReference(acquirerId: string | undefined, terminalId: string | undefined, stan: string, transmissionDateTime: string | undefined): string {
  const part = (value: string | undefined): string => (value ?? '-').replace(/[^\x21-\x7e]/g, '') || '-';
  const acquirer = (acquirerId ?? '').replace(/^0+(?=\d)/, '');
  return `iso:${part(acquirer)}:${part(terminalId?.trim())}:${stan}:${part(transmissionDateTime)}`.slice(0, 64);
}

function clientIdOf(request: IsoTransactionRequest): string {
  return isoReference(request.acquirerId, request.terminalId, request.stan, request.transmissionDateTime);
}

/** The original purchase a reversal names (field 90), or, without it, the reversal's own references. */
function originalClientIdOf(request: IsoTransactionRequest): string {
  const original = request.originalData;
  if (!original) return clientIdOf(request);
  return isoReference(original.acquirerId, request.terminalId, original.stan, original.transmissionDateTime);
}

function expiryOf(yymm: string | undefined): { exp_month?: number; exp_year?: number } {
  if (!yymm || !/^\d{4}$/.test(yymm)) return {};
  const month = Number(yymm.slice(2));
  if (month < 1 || month > 12) return {};
  return { exp_month: month, exp_year: 2000 + Number(yymm.slice(0, 2)) };
}

/** An ISO purchase as the engine's `authorization-create` input. */
export function authorizationInputOf(request: IsoTransactionRequest): Record<string, unknown> {
  const merchant = request.merchant;
  return {
    number: request.pan,
    amount: request.amountMinor,
    currency: request.currency,
    ...expiryOf(request.expiry),
    ...(merchant && request.mcc
      ? {
          merchant: {
            ...(request.merchantId?.trim() ? { id: request.merchantId.trim() } : {}),
            name: merchant.name || 'Unknown merchant',
            mcc: request.mcc,
            country: merchant.country,
            ...(merchant.city ? { city: merchant.city } : {}),
          },
        }
      : {}),
    entry_mode: ENTRY_MODE[request.posEntryMode?.slice(0, 2) ?? ''] ?? 'unknown',
    client_id: clientIdOf(request),
  };
}

/**
 * THE ONE PLACE where the ISO 8583 port (src/host/iso8583) meets the command bus.
 *
 * 0100 / 0200 purchases (processing code 00) are decided by the engine's `authorization-create`,
 * through the AuthorizationQueue (group commit: many decisions per durable commit), and its
 * response_code is field 39. A 0100 places a hold (captured later by the API or the clearing
 * file); an approved 0200 (financial, single message) is captured in the same commit as its
 * decision, before it is answered. The full card number goes to the engine and nowhere else (never
 * into a log).
 *
 * 0400 / 0420 reversals release the original's hold (`network-reversal`, found by field 90);
 * an unknown original answers 25 (unable to locate the original).
 *
 * Refunds (processing code 20) return money from the captured purchase named by field 90
 * (`network-refund`): 25 unknown original, 13 more than is left to refund, 12 not captured or
 * declined. Balance inquiries (30 or 31) answer the card's balances in field 54
 * (`network-balance-inquiry`): ledger balance (amount type 01) and available balance (02), in the
 * card's currency, account type as in the processing code; card problems answer like a purchase.
 *
 * A purchase not decided by `decisionDeadlineMs` is answered 96 at the deadline. The decision still
 * completes (it is in a group commit already); if it turns out approved, its hold is REVERSED at
 * once, as issuers do with a late approval: the acquirer took 96 as a decline and will never
 * capture it, and its own timeout reversal (0400) may or may not come. Keeping the hold would
 * block the cardholder's money until the hold expires for a sale that did not happen. The
 * reversal is the same `network-reversal` an acquirer's 0400 would run, so if both arrive, the
 * money is released once. A late 0200 was captured with its decision: it is refunded in full.
 */
export function isoHandlerFor(engine: Engine, log: Logger, shared?: AuthorizationQueue, options: IsoWiringOptions = {}): IsoWiring {
  const queue = shared ?? new AuthorizationQueue(engine);
  const deadlineMs = options.decisionDeadlineMs ?? DEFAULT_DECISION_DEADLINE_MS;
  const lateUndos = new Set<Promise<void>>();
  const undoLate = (request: IsoTransactionRequest, sold: Sold): void => {
    const { authorization: decision, capture } = sold;
    if (!decision.approved || (decision.pending_amount === 0 && capture === null)) return;
    log.warn({ mode: engine.mode, stan: request.stan, rrn: request.rrn, authorization: decision.id }, 'ISO 8583 approval came after the acquirer was answered 96: undoing it');
    // A sale captured in its commit is refunded; an authorization's hold is released.
    const undo = capture
      ? engine.bus.execute('transaction-refund', { id: capture.id, client_id: `${capture.id}:late` }, ISO_ACTOR)
      : engine.bus.execute('network-reversal', { client_id: clientIdOf(request) }, ISO_ACTOR);
    const done = undo
      .then(() => undefined)
      .catch((error: unknown) => log.error({ err: error, authorization: decision.id }, 'undoing a late ISO 8583 approval failed'))
      .finally(() => lateUndos.delete(done));
    lateUndos.add(done);
  };

  // A 0200 is a single-message purchase: the sale is final when it is approved, so it is captured
  // in the same group commit as its decision (AuthorizationQueue.sell) and answered once both are
  // durable: no clearing record will come to capture it. If the capture fails, the hold stays and
  // the network's settlement file captures it on import, as it would for a 0100.
  const purchase = async (request: IsoTransactionRequest): Promise<IsoDecision> => {
    const input = authorizationInputOf(request);
    const deciding: Promise<Sold> = request.kind === 'financial' ? queue.sell(input, ISO_ACTOR, '0200') : queue.submit(input, ISO_ACTOR).then((authorization) => ({ authorization, capture: null }));
    let decision: Authorization;
    if (deadlineMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), deadlineMs);
      });
      const first = await Promise.race([deciding, late]).finally(() => clearTimeout(timer));
      if (first === 'late') {
        log.error({ mode: engine.mode, stan: request.stan, rrn: request.rrn, deadlineMs }, 'ISO 8583 purchase not decided by the deadline: answered 96');
        deciding.then((sold) => undoLate(request, sold), () => undefined);
        return { responseCode: '96' };
      }
      decision = first.authorization;
    } else {
      decision = (await deciding).authorization;
    }
    return decision.approved ? { responseCode: decision.response_code, approvalCode: decision.id.slice(-6).toUpperCase() } : { responseCode: decision.response_code };
  };

  const handler: IsoAuthorizationHandler = async (request): Promise<IsoDecision> => {
    if (request.kind === 'reversal' || request.kind === 'advice_reversal') {
      // The original may still be in the queue's open batch (a reversal sent on timeout often is):
      // let decisions in flight commit first, so the reversal finds what it reverses.
      await queue.drain();
      return reverseFor(engine, log, request);
    }
    if (request.kind !== 'authorization' && request.kind !== 'financial') return { responseCode: '12' };
    try {
      if (request.transactionType === 'purchase') return await purchase(request);
      if (request.transactionType === 'refund') {
        await queue.drain();
        return await refundFor(engine, request);
      }
      return await balanceFor(engine, request);
    } catch (error) {
      if (error instanceof KartuError && error.type === 'not_found') return { responseCode: '25' };
      if (error instanceof KartuError && error.type === 'invalid_request_error') {
        log.info({ mode: engine.mode, code: error.code, param: error.param, type: request.transactionType }, 'ISO 8583 request refused by the engine');
        return { responseCode: error.code === 'amount_too_large' || error.code === 'already_refunded' ? '13' : '12' };
      }
      log.error({ err: error, mode: engine.mode, type: request.transactionType }, 'ISO 8583 request failed: answered 96');
      return { responseCode: '96' };
    }
  };
  return {
    handler,
    close: async () => {
      if (!shared) await queue.close();
      else await queue.drain();
      await Promise.all([...lateUndos]);
    },
  };
}

async function refundFor(engine: Engine, request: IsoTransactionRequest): Promise<IsoDecision> {
  if (!request.originalData) return { responseCode: '12' }; // no merchant credit: a refund names its purchase (field 90)
  const txn = (await engine.bus.execute(
    'network-refund',
    { original_client_id: originalClientIdOf(request), client_id: clientIdOf(request), amount: request.amountMinor },
    ISO_ACTOR,
  )) as { id: string };
  return { responseCode: '00', approvalCode: txn.id.slice(-6).toUpperCase() };
}

async function balanceFor(engine: Engine, request: IsoTransactionRequest): Promise<IsoDecision> {
  const result = (await engine.bus.execute('network-balance-inquiry', { number: request.pan, ...expiryOf(request.expiry) }, ISO_ACTOR)) as BalanceInquiryResult;
  if (result.response_code !== '00' || result.available === null || result.ledger === null || result.currency_numeric === null) return { responseCode: result.response_code };
  const accountType = request.processingCode.slice(2, 4);
  return {
    responseCode: '00',
    balances: [
      { accountType, amountType: AMOUNT_TYPE_LEDGER_BALANCE, currencyNumeric: result.currency_numeric, amountMinor: result.ledger },
      { accountType, amountType: AMOUNT_TYPE_AVAILABLE_BALANCE, currencyNumeric: result.currency_numeric, amountMinor: result.available },
    ],
  };
}

async function reverseFor(engine: Engine, log: Logger, request: IsoTransactionRequest): Promise<IsoDecision> {
  try {
    await engine.bus.execute(
      'network-reversal',
      { client_id: originalClientIdOf(request), ...(request.replacementAmountMinor !== undefined ? { actual_amount: request.replacementAmountMinor } : {}) },
      ISO_ACTOR,
    );
    return { responseCode: '00' };
  } catch (error) {
    if (error instanceof KartuError && error.type === 'not_found') return { responseCode: '25' };
    if (error instanceof KartuError && error.type === 'invalid_request_error') {
      log.info({ mode: engine.mode, code: error.code }, 'ISO 8583 reversal refused by the engine: answered 12');
      return { responseCode: '12' };
    }
    log.error({ err: error, mode: engine.mode }, 'ISO 8583 reversal failed: answered 96');
    return { responseCode: '96' };
  }
}
