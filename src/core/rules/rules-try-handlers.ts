import { z } from 'zod';
import { query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import { normalizeControls, spendingControlsSchema } from '../controls/spending-controls.js';
import { authorizationCreate, authorizationCreateSchema } from '../authorization/authorization-handlers.js';
import type { Authorization } from '../authorization/authorization.js';
import { getCardRow } from '../cards/card-repo.js';
import { fromJson } from '../db/database.js';
import type { SpendingControls } from '../controls/spending-controls.js';

class DryRunRollback extends Error {
  constructor(readonly result: Authorization) {
    super('dry run');
  }
}

/**
 * "Try it": decides a purchase exactly as the engine would — with the card's controls as they are,
 * or with proposed ones — and writes nothing: the decision runs in a transaction that is always
 * rolled back. The answer carries the full rule trace.
 */
export const rulesTry = query({
  input: authorizationCreateSchema.omit({ client_id: true }).extend({ spending_controls: spendingControlsSchema.optional() }),
  permission: { scope: 'authorizations:read', role: 'manager' },
  async handler(ctx, input): Promise<Authorization & { dry_run: true }> {
    const { spending_controls: proposed, ...purchase } = input;
    try {
      await ctx.db.transaction().execute(async (trx) => {
        const dry: Ctx = { ...ctx, db: trx, emit: async () => {}, afterCommit: () => {}, afterWrites: () => {} };
        if (proposed && purchase.card) {
          const card = await getCardRow(trx, purchase.card, 'card');
          const controls = normalizeControls(proposed, fromJson<SpendingControls>(card.spending_controls));
          await trx.updateTable('cards').set({ spending_controls: toJson(controls) }).where('id', '=', card.id).execute();
        }
        throw new DryRunRollback(await authorizationCreate.handler(dry, purchase));
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return { ...error.result, dry_run: true };
      throw error;
    }
    throw new Error('unreachable: the dry run always rolls back');
  },
});

export const rulesTryHandlers = { 'rules-try': rulesTry };
