import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngine, type TestEngine } from '../testing/test-engine.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine();
});
afterEach(async () => {
  await engine.close();
});

/**
 * Migration 2026-11-26-19: a purchase's points are found by its authorization. The reports read
 * them on every authorization write; a scan of the whole points ledger there made every capture
 * dearer as history grew.
 */
describe('points entries by authorization', () => {
  it('are read from the index alone, with no scan of the ledger, also as a subquery of the authorization', () => {
    const plan = (query: string): string =>
      (engine.database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    const sum = "SELECT coalesce(sum(p.points), 0) FROM rewards_points_entries p WHERE p.authorization_id = a.id AND p.kind = 'earn'";
    const how = plan(`SELECT a.id, (${sum}) FROM authorizations a WHERE a.id = 'auth_x'`);
    expect(how).toContain('USING COVERING INDEX rewards_points_entries_authorization');
    expect(how).not.toContain('SCAN p');
  });
});
