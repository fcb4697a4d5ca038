import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, loyaltyProgram } from '../testing/fixtures.js';
import { insertEvent } from '../events/event-store.js';
import { bindDirect } from '../db/direct.js';
import { scoreAuthorization } from './score.js';
import { recordAuthorizationOutcome } from './record-outcome.js';
import { RiskMemo } from './risk-memo.js';
import { JAKARTA_BRANCH, RISK_TEST_MERCHANTS } from './testing/risk-harness.js';
import type { RiskInput, RiskMerchant, RiskWriteCtx } from './risk-types.js';

/**
 * The authorization queue keeps a RiskMemo from one decision (and commit) to the next, and the
 * memo keeps each card's state live, its ring's window sums included, instead of reading it.
 * Whatever it remembers must be what the database holds: a decision scored with the memo must
 * score exactly as after a restart (a fresh memo, which reads everything) and as a one-off
 * preview (no memo at all), signal by signal, explanations included.
 */
// The Jakarta branch twice (a card's usual place); BAD-7, on the block list imported below, is the last.
const MERCHANTS: RiskMerchant[] = [JAKARTA_BRANCH, ...RISK_TEST_MERCHANTS];

const stepArb = fc.record({
  gapMinutes: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 20, max: 600 }), fc.integer({ min: 1_400, max: 1_500 })),
  amount: fc.oneof(fc.integer({ min: 100, max: 1_000_000 }), fc.integer({ min: 1_000_000, max: 500_000_000 })),
  merchant: fc.integer({ min: 0, max: MERCHANTS.length - 1 }),
  foreign: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  approved: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  // Bound for the direct shortcut, as the queue and the bus bind theirs: recording then takes its synchronous path.
  direct: fc.boolean(),
});

let engine: TestEngine;
let programId: string;
let seq = 0;

/** A card of its own cardholder (the network allows 20 open cards per cardholder). */
async function newCard(): Promise<string> {
  const n = ++seq;
  const holder = await basicCardholder(engine, `Member ${n}`, `+62812${String(n).padStart(8, '0')}`);
  return (await engine.bus.send('card-create', { program: programId, cardholder: holder.id, type: 'virtual' }, OWNER)).id;
}

beforeAll(async () => {
  engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  programId = (await loyaltyProgram(engine)).id;
  await engine.bus.send('blocklist-import', { name: 'Shops', source: 'test', source_date: '2026-03-01', policy: 'flag', format: 'csv', content: 'kind,value\nmerchant,BAD-7\nmerchant,BAD-8', preview: false }, OWNER);
});
afterAll(async () => engine.close());

describe('the risk memo', () => {
  it('scores every decision exactly as a fresh read of the database would (after a restart, or without a memo)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 30 }), async (steps) => {
        const card = await newCard();
        const memo = new RiskMemo();
        for (const step of steps) {
          engine.clock.advance(step.gapMinutes * 60_000 + 7_000);
          const { ids, clock } = engine.services;
          await engine.services.db.transaction().execute(async (trx) => {
            if (step.direct) bindDirect(engine.services.db, trx);
            const emit: RiskWriteCtx['emit'] = async (type, objectId, data) => void (await insertEvent(trx, ids, clock, type, objectId, data));
            const input: RiskInput = { cardId: card, amountMinor: step.amount, currency: step.foreign ? 'USD' : 'IDR', merchant: MERCHANTS[step.merchant]!, at: clock.now() };
            const remembered = await scoreAuthorization({ db: trx, memo }, input);
            const restarted = await scoreAuthorization({ db: trx, memo: new RiskMemo() }, input);
            const oneOff = await scoreAuthorization({ db: trx }, input);
            expect(remembered).toEqual(restarted);
            expect(remembered).toEqual(oneOff);
            await recordAuthorizationOutcome(
              { db: trx, ids, clock, emit, memo },
              { ...input, authorizationId: `auth_memo${++seq}`, approved: step.approved, responseCode: step.approved ? '00' : '05', assessment: remembered },
            );
          });
        }
      }),
      { numRuns: 25 },
    );
  });

  it('a listed merchant is found with the memo too, and an unlisted one is asked about once', async () => {
    const card = await newCard();
    const memo = new RiskMemo();
    const { ids, clock } = engine.services;
    const decide = (merchant: RiskMerchant) =>
      engine.services.db.transaction().execute(async (trx) => {
        engine.clock.advance(3 * 3_600_000);
        const input: RiskInput = { cardId: card, amountMinor: 2_500_000, currency: 'IDR', merchant, at: clock.now() };
        const assessment = await scoreAuthorization({ db: trx, memo }, input);
        await recordAuthorizationOutcome({ db: trx, ids, clock, emit: async () => undefined, memo }, { ...input, authorizationId: `auth_memo${++seq}`, approved: true, responseCode: '00', assessment });
        return assessment;
      });
    await decide(JAKARTA_BRANCH); // first decision: the facts query, which fills the memo
    expect((await decide(JAKARTA_BRANCH)).blockListHit).toBeUndefined();
    expect(memo.blockKeys.merchant.get('KN-JKT-SDR01')).toBe(false);
    const listed = await decide(MERCHANTS[6]!);
    expect(listed).toMatchObject({ action: 'flag', blockListHit: { label: 'BAD-7', policy: 'flag' } });
    expect(memo.blockKeys.merchant.get('BAD-7')).toBe(true);
  });
});
