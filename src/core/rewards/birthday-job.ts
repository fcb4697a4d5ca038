import type { Ctx } from '../bus/context.js';
import { programRewardsOrDefaults } from './program-config.js';
import { ensureMember } from './member.js';
import { grantBonus, ruleValidOn } from './bonus.js';
import { isRealDate, localParts } from './local-time.js';

export interface BirthdayResult {
  program: string;
  checked: number;
  granted: number;
}

/** The birthday in a given year; 29 February is celebrated on the 28th in other years. */
export function birthdayIn(year: number, birthDate: string): string {
  const monthDay = birthDate.slice(5);
  const candidate = `${String(year).padStart(4, '0')}-${monthDay}`;
  return isRealDate(candidate) ? candidate : `${String(year).padStart(4, '0')}-02-28`;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Grants the birthday bonus once per cardholder per year (the once is a unique key on the points
 * ledger: `birthday:<year>`). It catches up: a birthday up to `catch_up_days` ago (default 30)
 * that was not granted because the app was closed is granted now, even across New Year.
 * Candidates are active cardholders with a birth date who are members or hold a card of the program.
 */
export async function runBirthdays(ctx: Ctx, programId: string): Promise<BirthdayResult> {
  const config = await programRewardsOrDefaults(ctx, programId);
  const result: BirthdayResult = { program: programId, checked: 0, granted: 0 };
  const rules = config.rulesByType.birthday ?? [];
  if (rules.length === 0) return result;
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const today = localParts(now, config.timezone).date;
  const year = Number(today.slice(0, 4));
  const holders = await ctx.db
    .selectFrom('cardholders as ch')
    .select(['ch.id', 'ch.birth_date'])
    .where('ch.birth_date', 'is not', null)
    .where('ch.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb('ch.id', 'in', eb.selectFrom('cards').select('cardholder_id').where('program_id', '=', programId).where('status', '!=', 'canceled')),
        eb('ch.id', 'in', eb.selectFrom('rewards_members').select('cardholder_id').where('program_id', '=', programId)),
      ]),
    )
    .orderBy('ch.id')
    .execute();
  for (const holder of holders) {
    result.checked++;
    for (const y of [year - 1, year]) {
      const birthday = birthdayIn(y, holder.birth_date!);
      if (birthday > today) continue;
      const rule = rules.find((r) => ruleValidOn(r, birthday));
      if (!rule) continue;
      const late = daysBetween(birthday, today);
      if (late > (rule.params.catch_up_days ?? 30)) continue;
      const { member } = await ensureMember(ctx, config, holder.id, { at: nowIso });
      const granted = await grantBonus(ctx, config, member, {
        points: rule.params.points!,
        rule,
        reason: 'birthday',
        dedupeKey: `birthday:${y}`,
        at: nowIso,
        details: { birthday, days_late: late, year: y },
      });
      if (granted) result.granted++;
    }
  }
  return result;
}
