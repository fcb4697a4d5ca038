import type { Ctx } from '../bus/context.js';
import type { Program } from '../programs/program.js';
import { generateCardNumber } from './card-number.js';
import { cardIdByFingerprint } from './card-statements.js';
import { takenFingerprints } from './bulk-statements.js';

/** A card number no card has had, with its keyed fingerprint (the only form it is compared in). */
export interface FreshNumber {
  number: string;
  fingerprint: string;
}

const MAX_NUMBER_ATTEMPTS = 20;
/** Numbers drawn and checked in one read when many cards are issued at once. */
const POOL_SIZE = 500;

const exhausted = (program: Program): Error =>
  new Error(`could not find a free card number in BIN ${program.bin} after ${MAX_NUMBER_ATTEMPTS} attempts`);

/** A fresh number no card has had (compared by fingerprint). */
export async function uniqueNumber(ctx: Ctx, program: Program): Promise<FreshNumber> {
  for (let attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
    const number = generateCardNumber(program.bin, program.pan_length, ctx.random);
    const fingerprint = ctx.vault.fingerprint(number);
    const taken = await cardIdByFingerprint.execute(ctx.db, fingerprint);
    if (taken.length === 0) return { number, fingerprint };
  }
  throw exhausted(program);
}

export interface NumberSource {
  next(): Promise<FreshNumber>;
}

/**
 * Fresh numbers for `count` cards of one command. One card: drawn and checked as it is needed.
 * More: drawn in pools of up to 500, checked against the cards table in one read and against each
 * other, so a bulk of 500 cards asks the database once rather than 500 times. The check is as good
 * as the single one: it runs inside the command's transaction, and every number it hands out is
 * written by this command before the transaction ends.
 */
export function numberSource(ctx: Ctx, program: Program, count: number): NumberSource {
  if (count <= 1) return { next: () => uniqueNumber(ctx, program) };
  const handedOut = new Set<string>();
  let pool: FreshNumber[] = [];
  let remaining = count;
  const refill = async (): Promise<void> => {
    for (let attempt = 0; attempt < MAX_NUMBER_ATTEMPTS; attempt++) {
      const drawn = new Map<string, FreshNumber>();
      const size = Math.min(POOL_SIZE, remaining);
      for (let i = 0; i < size; i++) {
        const number = generateCardNumber(program.bin, program.pan_length, ctx.random);
        const fingerprint = ctx.vault.fingerprint(number);
        if (!handedOut.has(fingerprint)) drawn.set(fingerprint, { number, fingerprint });
      }
      for (const fingerprint of await takenFingerprints(ctx.db, [...drawn.keys()])) drawn.delete(fingerprint);
      pool = [...drawn.values()];
      if (pool.length > 0) return;
    }
    throw exhausted(program);
  };
  return {
    async next() {
      if (pool.length === 0) await refill();
      const fresh = pool.pop()!;
      handedOut.add(fresh.fingerprint);
      remaining = Math.max(1, remaining - 1);
      return fresh;
    },
  };
}
