import type { Ctx } from '../bus/context.js';
import { fromJson, toJson } from '../db/database.js';
import { appendAudit } from '../audit/audit-log.js';

/** The personal fields erased; ledger, authorization and card rows stay (anonymous through the erased cardholder). */
export const PERSONAL_FIELDS = ['name', 'email', 'phone', 'birth_date', 'national_id', 'address', 'metadata'] as const;
export const ERASED_NAME = '[erased]';

/** Replaces every string equal to one of the erased values, at any depth. */
function scrub(value: unknown, secrets: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return secrets.has(value) ? ERASED_NAME : value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
  return value;
}

/**
 * Erases one cardholder's personal data in place: the cardholder row, the shipping address and
 * metadata of their cards, copies of those values in events about them or their cards, and stored
 * API replies that mention them. Writes an audit entry naming the fields erased, never the values.
 */
export async function eraseCardholder(ctx: Ctx, cardholderId: string, policyDays: number, lastCanceledAt: string): Promise<{ cards: string[]; events_scrubbed: number }> {
  const holder = await ctx.db.selectFrom('cardholders').selectAll().where('id', '=', cardholderId).executeTakeFirstOrThrow();
  const cards = (await ctx.db.selectFrom('cards').select('id').where('cardholder_id', '=', cardholderId).execute()).map((c) => c.id);
  const now = ctx.clock.now().toISOString();
  const secrets = new Set(
    [holder.name, holder.email, holder.phone, holder.birth_date, holder.national_id].filter((v): v is string => typeof v === 'string' && v.length >= 3),
  );
  const erasedFields = PERSONAL_FIELDS.filter((f) => holder[f] !== null && holder[f] !== '' && holder[f] !== '{}');

  await ctx.db
    .updateTable('cardholders')
    .set({ name: ERASED_NAME, email: null, phone: null, birth_date: null, national_id: null, address: null, metadata: '{}', status: 'inactive', updated_at: now })
    .where('id', '=', cardholderId)
    .execute();
  if (cards.length > 0) {
    await ctx.db.updateTable('cards').set({ metadata: '{}', updated_at: now }).where('cardholder_id', '=', cardholderId).execute();
    await ctx.db.updateTable('cards').set({ shipping: '{}' }).where('cardholder_id', '=', cardholderId).where('shipping', 'is not', null).execute();
  }

  let scrubbed = 0;
  const subjects = [cardholderId, ...cards];
  if (secrets.size > 0) {
    const events = await ctx.db
      .selectFrom('events')
      .select(['id', 'data'])
      .where((eb) => eb.or([eb('object_id', 'in', subjects), ...subjects.map((id) => eb('data', 'like', `%"${id}"%`))]))
      .execute();
    for (const event of events) {
      const data = toJson(scrub(fromJson<unknown>(event.data), secrets));
      if (data === event.data) continue;
      await ctx.db.updateTable('events').set({ data }).where('id', '=', event.id).execute();
      scrubbed++;
    }
  }
  // Stored replies to API requests are replay caches; after the retention period they are not needed.
  await ctx.db.deleteFrom('idempotency_keys').where((eb) => eb.or(subjects.map((id) => eb('response', 'like', `%"${id}"%`)))).execute();

  await ctx.db.insertInto('retention_erasures').values({ cardholder_id: cardholderId, erased_at: now, policy_days: policyDays, fields: toJson(erasedFields), cards: toJson(cards) }).execute();
  await appendAudit(ctx.db, ctx.ids, ctx.clock, ctx.actor, {
    action: 'retention-erase',
    objectId: cardholderId,
    outcome: 'ok',
    detail: { fields: erasedFields, cards, events_scrubbed: scrubbed, last_card_canceled_at: lastCanceledAt, policy_days: policyDays },
  });
  await ctx.emit('cardholder.erased', cardholderId, { id: cardholderId, fields: erasedFields, cards });
  return { cards, events_scrubbed: scrubbed };
}
