import type { Db } from '../db/database.js';
import { notFound } from '../kernel/errors.js';
import { programFromRow, type Program } from './program.js';

export async function findProgram(db: Db, id: string, livemode: boolean): Promise<Program | undefined> {
  const row = await db.selectFrom('programs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? programFromRow(row, livemode) : undefined;
}

export async function getProgram(db: Db, id: string, livemode: boolean, param = 'program'): Promise<Program> {
  const program = await findProgram(db, id, livemode);
  if (!program) throw notFound('program', id, param);
  return program;
}
