import type { Ctx } from '../bus/context.js';
import type { ProgramRow } from '../db/schema.js';
import { notFound } from '../kernel/errors.js';
import { programFromRow, type Program } from '../programs/program.js';
import { programRowById } from './card-statements.js';

interface Parsed {
  row: ProgramRow;
  livemode: boolean;
  program: Program;
}

/** The last parsed form of each program, by id; bounded (a shop has a handful of programs). */
const parsed = new Map<string, Parsed>();
const MAX_PROGRAMS = 256;

function sameRow(a: ProgramRow, b: ProgramRow): boolean {
  for (const key in a) if (a[key as keyof ProgramRow] !== b[key as keyof ProgramRow]) return false;
  return true;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The program a card is issued from. The row is read every time (inside the command's own
 * transaction, so a change or an archiving is always seen), but turning it into a Program — five
 * JSON columns, one of them the brand with its logo — is done again only when a column differs
 * from the row last parsed: bulk issuance asks for the same program for every card. The shared
 * result is frozen, so no caller can change what the next card sees.
 */
export async function issuingProgram(ctx: Ctx, id: string): Promise<Program> {
  const [row] = await programRowById.execute(ctx.db, id);
  if (!row) throw notFound('program', id, 'program');
  const livemode = ctx.mode === 'live';
  const known = parsed.get(id);
  if (known && known.livemode === livemode && sameRow(known.row, row)) return known.program;
  const program = deepFreeze(programFromRow(row, livemode));
  if (parsed.size >= MAX_PROGRAMS) parsed.clear();
  parsed.set(id, { row, livemode, program });
  return program;
}
