import { z } from 'zod';
import { command, query } from '../bus/define.js';
import type { Db } from '../db/database.js';
import { fromJson, toJson } from '../db/database.js';
import type { CardDesignRow } from '../db/schema.js';
import { invalid, notFound } from '../kernel/errors.js';
import { brandSchema, mergeBrand, type Brand } from './brand.js';
import { getProgram } from './program-repo.js';
import { renderCardFace } from './card-face.js';
import { getCardWithNames } from '../cards/card-queries.js';

export interface CardDesign {
  id: string;
  object: 'card_design';
  program: string;
  name: string;
  face: Brand;
  is_default: boolean;
  created: number;
}

function designFromRow(row: CardDesignRow): CardDesign {
  return {
    id: row.id,
    object: 'card_design',
    program: row.program_id,
    name: row.name,
    face: fromJson(row.face),
    is_default: row.is_default === 1,
    created: Math.floor(Date.parse(row.created_at) / 1000),
  };
}

export async function assertDesignOfProgram(db: Db, designId: string, programId: string, param: string): Promise<CardDesignRow> {
  const row = await db.selectFrom('card_designs').selectAll().where('id', '=', designId).executeTakeFirst();
  if (!row) throw notFound('card design', designId, param);
  if (row.program_id !== programId) throw invalid('design_of_other_program', 'This design belongs to another program.', param);
  return row;
}

const write = { scope: 'programs:write', role: 'manager' } as const;

export const designCreate = command({
  input: z.strictObject({ program: z.string().min(1), name: z.string().trim().min(1).max(60), face: brandSchema.optional(), is_default: z.boolean().optional() }),
  permission: write,
  audit: true,
  async handler(ctx, input): Promise<CardDesign> {
    const program = await getProgram(ctx.db, input.program, ctx.mode === 'live');
    const now = ctx.clock.now().toISOString();
    if (input.is_default) await ctx.db.updateTable('card_designs').set({ is_default: 0 }).where('program_id', '=', program.id).execute();
    const row: CardDesignRow = {
      id: ctx.ids.next('design'),
      program_id: program.id,
      name: input.name,
      face: toJson(mergeBrand(program.brand, input.face)),
      is_default: input.is_default ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    await ctx.db.insertInto('card_designs').values(row).execute();
    return designFromRow(row);
  },
});

export const designList = query({
  input: z.strictObject({ program: z.string().min(1) }),
  permission: { scope: 'programs:read', role: 'cashier' },
  async handler(ctx, input) {
    const rows = await ctx.db.selectFrom('card_designs').selectAll().where('program_id', '=', input.program).orderBy('id').execute();
    return { object: 'list' as const, data: rows.map(designFromRow), has_more: false };
  },
});

const KIND_LABELS: Record<string, string> = {
  loyalty: 'Loyalty', prepaid: 'Prepaid', debit: 'Debit', credit: 'Credit', corporate: 'Corporate', co_branded: 'Co-branded',
};

/** The rendered face of a card, or a preview of a program (or design) with sample text. */
export const cardFace = query({
  input: z.strictObject({
    card: z.string().min(1).optional(),
    program: z.string().min(1).optional(),
    design: z.string().min(1).optional(),
    preview: brandSchema.optional(),
  }),
  permission: { scope: 'cards:read', role: 'cashier' },
  async handler(ctx, input) {
    if (input.card) {
      const card = await getCardWithNames(ctx.db, input.card, 'card');
      const program = await getProgram(ctx.db, card.program_id, ctx.mode === 'live');
      const design = card.design_id ? await assertDesignOfProgram(ctx.db, card.design_id, program.id, 'card') : null;
      const brand = design ? (fromJson(design.face) as Brand) : program.brand;
      return {
        object: 'card_face' as const,
        svg: renderCardFace(brand, { programName: program.name, cardholderName: card.cardholder_name, last4: card.last4, expMonth: card.exp_month, expYear: card.exp_year, kindLabel: KIND_LABELS[program.kind] ?? program.kind }),
      };
    }
    if (!input.program) throw invalid('parameter_missing', 'Give a card, or a program to preview.', 'program');
    const program = await getProgram(ctx.db, input.program, ctx.mode === 'live');
    const design = input.design ? await assertDesignOfProgram(ctx.db, input.design, program.id, 'design') : null;
    const base = design ? (fromJson(design.face) as Brand) : program.brand;
    const brand = mergeBrand(base, input.preview);
    return {
      object: 'card_face' as const,
      svg: renderCardFace(brand, { programName: program.name, cardholderName: 'Nama Pemegang', last4: '0000', expMonth: 12, expYear: 2030, kindLabel: KIND_LABELS[program.kind] ?? program.kind }),
    };
  },
});

export const designHandlers = {
  'design-create': designCreate,
  'design-list': designList,
  'card-face': cardFace,
};
