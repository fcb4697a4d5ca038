import { standInHandlers } from './stand-in/stand-in-handlers.js';
import { settlementHandlers } from './clearing/settlement-handlers.js';
import { isoRequestHandlers } from './iso-request-handlers.js';

/** The network domain's operations beyond the outbox and reversals: stand-in, advices, clearing. */
export const networkHandlers = {
  ...standInHandlers,
  ...settlementHandlers,
  ...isoRequestHandlers,
};
