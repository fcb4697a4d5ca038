/**
 * Named groups of merchant category codes that a merchant can allow or block at once, and that
 * reports and screens name categories by. Pure data, with no file or Node API: the renderer reads
 * it too (the ISO 18245 descriptions, in mcc.ts, are read from a file). Ranges are inclusive.
 */
export const MCC_GROUPS: Readonly<Record<string, ReadonlyArray<readonly [string, string]>>> = {
  restaurants: [['5811', '5814']],
  groceries: [['5411', '5411'], ['5422', '5422'], ['5441', '5451'], ['5462', '5462'], ['5499', '5499']],
  fuel: [['5541', '5542'], ['5983', '5983']],
  travel: [['3000', '3999'], ['4011', '4011'], ['4111', '4112'], ['4131', '4131'], ['4411', '4411'], ['4511', '4511'], ['4722', '4722'], ['7011', '7011'], ['7512', '7512']],
  suppliers: [['5021', '5021'], ['5039', '5039'], ['5044', '5051'], ['5065', '5085'], ['5094', '5099'], ['5111', '5111'], ['5122', '5122'], ['5131', '5172'], ['5192', '5199']],
  gambling: [['7995', '7995'], ['7800', '7802']],
  cash: [['6010', '6011'], ['6051', '6051'], ['6540', '6540']],
};

export function mccInGroup(mcc: string, group: string): boolean {
  const ranges = MCC_GROUPS[group];
  if (!ranges) return false;
  return ranges.some(([from, to]) => mcc >= from && mcc <= to);
}

/** The group a code falls in (the groups do not overlap), or null. */
export function mccGroupOf(mcc: string): string | null {
  return Object.keys(MCC_GROUPS).find((group) => mccInGroup(mcc, group)) ?? null;
}
