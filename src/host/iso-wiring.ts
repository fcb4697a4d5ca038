import type { Engine } from '../core/engine.js';
import type { Actor } from '../core/bus/actor.js';
import type { Logger } from '../core/kernel/logger.js';
import { KartuError } from '../core/kernel/errors.js';
import { AuthorizationQueue } from '../core/authorization/authorization-queue.js';
import type { IsoAuthorizationHandler, IsoDecision, IsoTransactionRequest } from '../core/network/iso8583/authorization-mapping.js';

/** The caller behind every ISO 8583 request (audit: who decided). */
export const ISO_ACTOR: Actor = { type: 'system', id: 'iso8583' };

export interface IsoWiring {
  handler: IsoAuthorizationHandler;
  /** Lets the decisions in flight commit. */
  close(): Promise<void>;
}

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
 * 0100 / 0200 purchases are decided by the engine's `authorization-create`, through the
 * AuthorizationQueue (group commit: many decisions per durable commit), and its response_code is
 * field 39. The full card number goes to the engine and nowhere else (never into a log).
 *
 * 0400 / 0420 reversals release the original's hold (`network-reversal`, found by field 90);
 * an unknown original answers 25 (unable to locate the original).
 * NOT WIRED YET (answered 12, invalid transaction): refunds and balance inquiries.
 */
export function isoHandlerFor(engine: Engine, log: Logger, shared?: AuthorizationQueue): IsoWiring {
  const queue = shared ?? new AuthorizationQueue(engine);
  const handler: IsoAuthorizationHandler = async (request): Promise<IsoDecision> => {
    if (request.kind === 'reversal' || request.kind === 'advice_reversal') {
      // The original may still be in the queue's open batch (a reversal sent on timeout often is):
      // let decisions in flight commit first, so the reversal finds what it reverses.
      await queue.drain();
      return reverseFor(engine, log, request);
    }
    if ((request.kind !== 'authorization' && request.kind !== 'financial') || request.transactionType !== 'purchase') {
      log.info({ mode: engine.mode, mti: request.mti, kind: request.kind, type: request.transactionType }, 'ISO 8583 request not handled yet: answered 12');
      return { responseCode: '12' };
    }
    try {
      const decision = await queue.submit(authorizationInputOf(request), ISO_ACTOR);
      return decision.approved ? { responseCode: decision.response_code, approvalCode: decision.id.slice(-6).toUpperCase() } : { responseCode: decision.response_code };
    } catch (error) {
      if (error instanceof KartuError && error.type === 'invalid_request_error') {
        log.info({ mode: engine.mode, code: error.code, param: error.param }, 'ISO 8583 request refused by the engine: answered 12');
        return { responseCode: '12' };
      }
      log.error({ err: error, mode: engine.mode }, 'ISO 8583 decision failed: answered 96');
      return { responseCode: '96' };
    }
  };
  return { handler, close: () => (shared ? Promise.resolve() : queue.close()) };
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
