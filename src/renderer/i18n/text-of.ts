/**
 * A code in the person's words, from a group of texts fetched with `t(group, { returnObjects:
 * true })`; the code itself when the texts do not know it (a newer engine's code).
 */
export function textOf(texts: unknown, code: string): string {
  const table = texts as Record<string, string>;
  return Object.hasOwn(table, code) ? (table[code] ?? code) : code;
}
