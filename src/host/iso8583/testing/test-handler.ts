import type { IsoAuthorizationHandler, IsoDecision, IsoTransactionRequest } from '../../../core/network/iso8583/authorization-mapping.js';

/**
 * A stand-in for the authorization engine: decides from the amount, so tests can ask for each
 * outcome, and records every request it saw (to prove malformed input never reaches it).
 *   amount ending in ...51 -> 51 insufficient funds, ...54 -> 54 expired, ...96 -> throws,
 *   ...97 -> rejects, ...98 -> an invalid decision, ...99 -> never answers; else 00 approved.
 */
export interface TestHandler {
  handler: IsoAuthorizationHandler;
  seen: IsoTransactionRequest[];
}

export function testHandler(options: { delayMs?: (request: IsoTransactionRequest) => number } = {}): TestHandler {
  const seen: IsoTransactionRequest[] = [];
  const handler: IsoAuthorizationHandler = async (request) => {
    seen.push(request);
    const wait = options.delayMs?.(request) ?? 0;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return decide(request);
  };
  return { handler, seen };
}

function decide(request: IsoTransactionRequest): Promise<IsoDecision> | IsoDecision {
  switch (request.amountMinor % 100) {
    case 51:
      return { responseCode: '51' };
    case 54:
      return { responseCode: '54' };
    case 96:
      throw new Error('engine exploded');
    case 97:
      return Promise.reject(new Error('engine rejected'));
    case 98:
      return { responseCode: 'not a code' };
    case 99:
      return new Promise<IsoDecision>(() => undefined);
    default:
      return { responseCode: '00', approvalCode: `A${request.stan.slice(1)}` };
  }
}
