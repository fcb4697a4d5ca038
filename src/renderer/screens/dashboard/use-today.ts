/** The local calendar day (YYYY-MM-DD) in a time zone, `daysAgo` days back. */
export function localDay(timeZone: string, daysAgo = 0, now = Date.now()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now - daysAgo * 86_400_000));
  return parts;
}
