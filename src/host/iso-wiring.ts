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

/** The same request sent again (a repeat MTI) carries the same id, so it is decided once. */
function clientIdOf(request: IsoTransactionRequest): string {
  const part = (value: string | undefined): string => (value ?? '-').replace(/[^\x21-\x7e]/g, '');
  return `iso:${part(request.acquirerId)}:${part(request.terminalId)}:${request.stan}:${part(request.transmissionDateTime)}`.slice(0, 64);
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
 * NOT WIRED YET (answered 12, invalid transaction): refunds, balance inquiries and reversals
 * (0400/0420). Reversals need the engine to find the original authorization from field 90
 * (a core query by client id); add them here when the network domain has it.
 */
export function isoHandlerFor(engine: Engine, log: Logger): IsoWiring {
  const queue = new AuthorizationQueue(engine);
  const handler: IsoAuthorizationHandler = async (request): Promise<IsoDecision> => {
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
  return { handler, close: () => queue.close() };
}
