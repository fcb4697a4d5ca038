import { sql, type Kysely } from 'kysely';

/**
 * Until this version the authorization write did not record report facts (only `reports-rebuild`
 * did), so a database with history may hold authorizations the reports have never seen. Flag
 * such a database for a rebuild; the `reports-rebuild-if-needed` job does it in the background.
 * Nothing else changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const missing = await sql<{ n: number }>`
    SELECT count(*) AS n FROM (
      SELECT 1 FROM authorizations a
      WHERE a.program_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM report_facts f WHERE f.authorization_id = a.id)
      LIMIT 1
    )`.execute(db);
  if (Number(missing.rows[0]?.n ?? 0) > 0) {
    await db.insertInto('settings').values({ key: 'reports.rebuild_needed', value: '1' }).onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' })).execute();
  }
}
