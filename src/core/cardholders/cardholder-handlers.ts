import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Ctx } from '../bus/context.js';
import { toJson } from '../db/database.js';
import type { CardholderRow } from '../db/schema.js';
import { invalid } from '../kernel/errors.js';
import { listParams, pageById } from '../kernel/pagination.js';
import { cardholderCreateSchema, cardholderUpdateSchema } from './cardholder-schema.js';
import { journalCards } from '../db/write-journal.js';
import { cardholderFromRow, type Cardholder } from './cardholder.js';
import { getCardholderRow } from './cardholder-repo.js';
import { derivedVerificationStatus } from './kyc-check.js';
import { checkNik } from './nik.js';

const read = { scope: 'cardholders:read', role: 'cashier' } as const;
const write = { scope: 'cardholders:write', role: 'cashier' } as const;

function view(ctx: Ctx, row: CardholderRow): Cardholder {
  return cardholderFromRow(row, ctx.clock.now(), ctx.mode === 'live');
}

async function assertCompany(ctx: Ctx, companyId: string | null | undefined, type: string): Promise<void> {
  if (!companyId) return;
  if (type === 'company') throw invalid('parameter_invalid', 'A company cannot belong to another company.', 'company');
  const company = await getCardholderRow(ctx.db, companyId, 'company');
  if (company.type !== 'company') throw invalid('parameter_invalid', `${companyId} is not a company cardholder.`, 'company');
}

function assertNationalIdFormat(nationalId: string | null | undefined): void {
  if (!nationalId) return;
  const check = checkNik(nationalId);
  if (!check.valid) throw invalid('parameter_invalid', `Invalid national_id: the NIK ${check.reason}.`, 'national_id');
}

export const cardholderCreate = command({
  input: cardholderCreateSchema,
  permission: write,
  async handler(ctx, input): Promise<Cardholder> {
    const type = input.type ?? 'individual';
    await assertCompany(ctx, input.company, type);
    if (type === 'individual') assertNationalIdFormat(input.national_id);
    const now = ctx.clock.now().toISOString();
    const row: CardholderRow = {
      id: ctx.ids.next('ch'),
      type,
      company_id: input.company ?? null,
      name: input.name,
      email: input.email ?? null,
      phone: input.phone ?? null,
      birth_date: input.birth_date ?? null,
      national_id: input.national_id ?? null,
      address: input.address ? toJson(input.address) : null,
      preferred_language: input.preferred_language ?? 'id',
      status: input.status ?? 'active',
      verification_status: 'unverified',
      metadata: toJson(input.metadata ?? {}),
      created_at: now,
      updated_at: now,
    };
    row.verification_status = derivedVerificationStatus(row, ctx.clock.now());
    await ctx.db.insertInto('cardholders').values(row).execute();
    const cardholder = view(ctx, row);
    await ctx.emit('cardholder.created', row.id, { id: row.id, name: row.name, verification_status: row.verification_status });
    return cardholder;
  },
  // A new person: no card yet, nothing an authorization session remembers.
  changesCards: () => [],
});

/** Names a cardholder's cards in the write journal: authorization sessions read them again. */
async function journalCardsOf(ctx: Ctx, cardholderId: string): Promise<void> {
  const cards = await ctx.db.selectFrom('cards').select('id').where('cardholder_id', '=', cardholderId).execute();
  journalCards(cards.map((card) => card.id));
}

export const cardholderUpdate = command({
  input: cardholderUpdateSchema,
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<Cardholder> {
    const current = await getCardholderRow(ctx.db, input.id, 'id');
    if (input.company !== undefined) await assertCompany(ctx, input.company, current.type);
    if (current.type === 'individual') assertNationalIdFormat(input.national_id);
    const next: CardholderRow = {
      ...current,
      company_id: input.company !== undefined ? input.company : current.company_id,
      name: input.name ?? current.name,
      email: input.email !== undefined ? input.email : current.email,
      phone: input.phone !== undefined ? input.phone : current.phone,
      birth_date: input.birth_date !== undefined ? input.birth_date : current.birth_date,
      national_id: input.national_id !== undefined ? input.national_id : current.national_id,
      address: input.address !== undefined ? (input.address ? toJson(input.address) : null) : current.address,
      preferred_language: input.preferred_language ?? current.preferred_language,
      status: input.status ?? current.status,
      metadata: input.metadata ? toJson(input.metadata) : current.metadata,
      updated_at: ctx.clock.now().toISOString(),
    };
    if (next.verification_status === 'verified' || next.verification_status === 'unverified') next.verification_status = 'unverified';
    next.verification_status = derivedVerificationStatus(next, ctx.clock.now());
    await ctx.db.updateTable('cardholders').set(next).where('id', '=', current.id).execute();
    if (next.verification_status !== current.verification_status) {
      await ctx.emit('cardholder.verification.updated', current.id, { id: current.id, from: current.verification_status, to: next.verification_status });
    }
    await ctx.emit('cardholder.updated', current.id, { id: current.id, name: next.name, status: next.status });
    // Decisions remember a card's cardholder (status, company) and risk its contact details: the
    // person's cards are read again, the rest of a kept authorization session stays.
    await journalCardsOf(ctx, current.id);
    return view(ctx, next);
  },
  changesCards: () => [],
});

/** Staff review of identity documents: pending while checking, rejected with a reason. */
export const cardholderVerify = command({
  input: z.strictObject({ id: z.string().min(1), decision: z.enum(['pending', 'rejected', 'reopen']), reason: z.string().trim().min(1).max(500).optional() }),
  permission: { scope: 'cardholders:write', role: 'manager' },
  audit: true,
  async handler(ctx, input): Promise<Cardholder> {
    const current = await getCardholderRow(ctx.db, input.id, 'id');
    if (input.decision === 'rejected' && !input.reason) throw invalid('parameter_missing', 'A reason is required to reject a verification.', 'reason');
    const next = { ...current, verification_status: input.decision === 'reopen' ? 'unverified' : input.decision, updated_at: ctx.clock.now().toISOString() };
    next.verification_status = derivedVerificationStatus(next, ctx.clock.now());
    await ctx.db.updateTable('cardholders').set({ verification_status: next.verification_status, updated_at: next.updated_at }).where('id', '=', current.id).execute();
    await ctx.emit('cardholder.verification.updated', current.id, { id: current.id, from: current.verification_status, to: next.verification_status, reason: input.reason ?? null });
    // A decision declines a rejected cardholder's cards: they are read again (see cardholderUpdate).
    await journalCardsOf(ctx, current.id);
    return view(ctx, next);
  },
  changesCards: () => [],
});

export const cardholderGet = query({
  input: z.strictObject({ id: z.string().min(1) }),
  permission: read,
  handler: async (ctx, input) => view(ctx, await getCardholderRow(ctx.db, input.id, 'id')),
});

export const cardholderList = query({
  input: z.strictObject({
    ...listParams,
    query: z.string().trim().max(100).optional(),
    type: z.enum(['individual', 'company']).optional(),
    company: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
  }),
  permission: read,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('cardholders').selectAll();
    if (input.type) q = q.where('type', '=', input.type);
    if (input.company) q = q.where('company_id', '=', input.company);
    if (input.email) q = q.where('email', '=', input.email);
    if (input.phone) q = q.where('phone', '=', input.phone);
    if (input.query) {
      const text = input.query;
      const like = `%${text.replace(/[%_]/g, '')}%`;
      const digits = text.replace(/\D/g, '');
      q = q.where((eb) => {
        const ors = [eb('name', 'like', like), eb('email', 'like', like), eb('phone', 'like', like)];
        if (digits.length === 4) {
          ors.push(eb('id', 'in', eb.selectFrom('cards').select('cardholder_id').where('last4', '=', digits)));
        }
        if (digits.length >= 6) ors.push(eb('phone', 'like', `%${digits}%`));
        return eb.or(ors);
      });
    }
    return pageById(q, 'id', input, (row) => view(ctx, row));
  },
});

export const cardholderHandlers = {
  'cardholder-create': cardholderCreate,
  'cardholder-update': cardholderUpdate,
  'cardholder-verify': cardholderVerify,
  'cardholder-get': cardholderGet,
  'cardholder-list': cardholderList,
};
