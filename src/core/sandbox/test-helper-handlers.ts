import { z } from 'zod';
import { command } from '../bus/define.js';
import { authorizationCreate, authorizationCreateSchema } from '../authorization/authorization-handlers.js';
import { capture, reverse } from '../authorization/settlement.js';
import { cardShip } from '../cards/card-handlers.js';
import { sandboxOnly } from './sandbox-handlers.js';
import { testHelperSettlementFile } from './test-helper-settlement.js';
import { testHelperNetworkBlock } from './test-helper-network.js';

/**
 * Sandbox test helpers: what a card network and a merchant would do, on demand. Each refuses to
 * run outside the sandbox, so a live key can never fabricate a purchase.
 */
export const testHelperAuthorize = command({
  input: authorizationCreateSchema,
  permission: { scope: 'authorizations:write', role: 'cashier' },
  async handler(ctx, input) {
    sandboxOnly(ctx);
    return authorizationCreate.handler(ctx, input);
  },
});

export const testHelperCapture = command({
  input: z.strictObject({ id: z.string().min(1), amount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional() }),
  permission: { scope: 'authorizations:write', role: 'cashier' },
  async handler(ctx, input) {
    sandboxOnly(ctx);
    return capture(ctx, input);
  },
});

/** Ends a pending authorization as the network would when its hold times out. */
export const testHelperExpire = command({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: { scope: 'authorizations:write', role: 'cashier' },
  async handler(ctx, input) {
    sandboxOnly(ctx);
    return reverse(ctx, { id: input.id }, 'expired');
  },
});

const SHIPPING_STEPS = { submit: 'submitted', ship: 'shipped', deliver: 'delivered', return: 'returned', fail: 'failure' } as const;

/** Moves a physical card's shipping one step, as the card manufacturer and the courier would. */
export const testHelperCardShipping = command({
  input: z.strictObject({ id: z.string().min(1), step: z.enum(['submit', 'ship', 'deliver', 'return', 'fail']) }),
  permission: { scope: 'cards:write', role: 'manager' },
  async handler(ctx, input) {
    sandboxOnly(ctx);
    return cardShip.handler(ctx, { id: input.id, status: SHIPPING_STEPS[input.step] });
  },
});

export const testHelperHandlers = {
  'test-helper-authorize': testHelperAuthorize,
  'test-helper-capture': testHelperCapture,
  'test-helper-expire': testHelperExpire,
  'test-helper-card-shipping': testHelperCardShipping,
  'test-helper-settlement-file': testHelperSettlementFile,
  'test-helper-network-block': testHelperNetworkBlock,
};
