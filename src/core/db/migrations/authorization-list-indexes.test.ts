import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngine, type TestEngine } from '../../testing/test-engine.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

/** How SQLite would run the list's query (authorization-list: a filter, newest first, one page). */
function plan(where: string): string {
  const rows = engine.database.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT * FROM authorizations WHERE ${where} ORDER BY id DESC LIMIT 101`).all('x') as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join(' | ');
}

/** Migration 2026-11-26-18: every filter of the transactions list is a seek read in id order. */
describe('the transactions list indexes', () => {
  it('seeks a cardholder, a status, a card and a program, with no scan of the table and no sort', () => {
    for (const [where, index] of [
      ['cardholder_id = ?', 'authorizations_cardholder'],
      ['status = ?', 'authorizations_status'],
      ['card_id = ?', 'authorizations_card'],
      ['program_id = ?', 'authorizations_program'],
    ] as const) {
      const how = plan(where);
      expect(how, where).toContain(`USING INDEX ${index}`);
      expect(how, where).not.toContain('TEMP B-TREE');
    }
  });
});
