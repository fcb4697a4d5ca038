import type { Engine } from '../core/engine.js';
import type { Logger } from '../core/kernel/logger.js';
import type { IsoAuthorizationHandler } from '../core/network/iso8583/authorization-mapping.js';

/**
 * THE ONE PLACE where the ISO 8583 port (src/host/iso8583) meets the command bus.
 *
 * AUTHORIZATION-DOMAIN CALL SITE: when the authorization domain (issue 4) has its command,
 * replace the body below with a call to it, e.g.
 *   const decision = await engine.bus.execute('authorization-<verb>', <input from request>, ISO_ACTOR);
 *   return { responseCode: decision.response_code, approvalCode: ... };
 * The request holds the full card number: pass it to the bus, never log it.
 * Until then every transaction is answered 96 (system malfunction), which an acquirer retries or
 * declines; 0800 network management is answered by the port itself.
 */
export function isoHandlerFor(engine: Engine, log: Logger): IsoAuthorizationHandler {
  let warned = false;
  return async (request) => {
    if (!warned) {
      warned = true;
      log.warn({ mode: engine.mode, mti: request.mti }, 'ISO 8583 transaction answered 96: the authorization domain is not wired to the port yet (src/host/iso-wiring.ts)');
    }
    return { responseCode: '96' };
  };
}
