import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, loyaltyProgram } from '../testing/fixtures.js';
import { up } from '../db/migrations/2026-11-26-30-risk-recent-binary.js';
import { RecentRing } from './recent-window.js';
import { attempt, engineWithOneCard, signal } from './testing/risk-harness.js';

/** Migration 2026-11-26-30: rings stored as JSON text become the binary layout, with the same attempts. */
let engine: TestEngine;
let card: string;

beforeEach(async () => {
  ({ engine, card } = await engineWithOneCard());
});
afterEach(async () => engine.close());

describe('risk ring migration', () => {
  it('converts JSON rings (flat and nested) to the binary layout; scoring reads them as before', async () => {
    for (let i = 0; i < 4; i++) {
      await attempt(engine, card, { amount: 100_000 }); // tiny: card testing counts them
      engine.clock.advance(60_000);
    }
    const sqlite = engine.database.sqlite;
    const stored = sqlite.prepare('SELECT recent FROM risk_card_state WHERE card_id = ?').get(card) as { recent: Uint8Array };
    const flat = RecentRing.decode(stored.recent).toFlat();
    expect(flat).toHaveLength(12);
    // As the earlier version wrote it.
    sqlite.prepare('UPDATE risk_card_state SET recent = ? WHERE card_id = ?').run(JSON.stringify(flat), card);
    const other = (await engine.bus.send('card-create', { program: (await loyaltyProgram(engine, { name: 'Other' })).id, cardholder: (await basicCardholder(engine, 'Other', '+6281200000001')).id, type: 'virtual' }, OWNER)).id;
    await attempt(engine, other, { amount: 2_500_000 });
    const nested = [[1_772_420_000, 2_500_000, 1]];
    sqlite.prepare('UPDATE risk_card_state SET recent = ? WHERE card_id = ?').run(JSON.stringify(nested), other);

    await engine.database.db.transaction().execute((trx) => up(trx));

    const rows = sqlite.prepare('SELECT card_id, typeof(recent) AS type, recent FROM risk_card_state ORDER BY card_id').all() as Array<{ card_id: string; type: string; recent: Uint8Array }>;
    expect(rows.map((r) => r.type)).toEqual(['blob', 'blob']);
    expect(RecentRing.decode(rows.find((r) => r.card_id === card)!.recent).toFlat()).toEqual(flat);
    expect(RecentRing.decode(rows.find((r) => r.card_id === other)!.recent).toFlat()).toEqual([1_772_420_000, 2_500_000, 1]);
    // Run again: nothing left to convert, nothing changed.
    await engine.database.db.transaction().execute((trx) => up(trx));
    expect(RecentRing.decode((sqlite.prepare('SELECT recent FROM risk_card_state WHERE card_id = ?').get(card) as { recent: Uint8Array }).recent).toFlat()).toEqual(flat);
    // The fifth tiny attempt within minutes is card testing, from the converted ring.
    expect(signal((await attempt(engine, card, { amount: 100_000 })).assessment, 'card_testing').weight).toBe(45);
  });
});
