import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';
import { basicCardholder, loyaltyProgram } from '../testing/fixtures.js';
import { insertEvent } from '../events/event-store.js';
import { bindDirect } from '../db/direct.js';
import type { Db } from '../db/database.js';
import { scoreAuthorization } from './score.js';
import { recordAuthorizationOutcome } from './record-outcome.js';
import { loadRiskFacts, readFactsNow, type RiskFacts } from './risk-facts.js';
import { RiskMemo } from './risk-memo.js';
import { cardContextById } from '../authorization/card-context.js';
import { BANDUNG_BRANCH, JAKARTA_BRANCH, RISK_TEST_MERCHANTS } from './testing/risk-harness.js';
import type { RiskInput, RiskMerchant, RiskWriteCtx } from './risk-types.js';

/**
 * A card's first decision in a memo that already knows other cards reads only the card's own facts
 * (readFactsNow: the program's policy and time zone, the branch and the block-list answers for
 * the merchant, MCC and country come from the memo). Whatever it reads and whatever it takes from
 * the memo must be what a whole read of the database gives: cards of two programs with different
 * policies, allow-listed cards, a card whose number is listed, cards with and without history,
 * merchants with and without an id, in any order; scored as after a restart and as a one-off.
 */
const MERCHANTS: RiskMerchant[] = [...RISK_TEST_MERCHANTS, { id: 'NO-COUNTRY', name: 'Kiosk', mcc: '5499', city: 'Jakarta' }];

let engine: TestEngine;
const cards: string[] = [];
let seq = 0;

async function cardOf(program: string, phone: string): Promise<string> {
  const holder = await basicCardholder(engine, `Member ${++seq}`, phone);
  return (await engine.bus.send('card-create', { program, cardholder: holder.id, type: 'virtual' }, OWNER)).id;
}

/**
 * One decision as the queue makes it: scored with the memo, recorded with it, in one transaction.
 * `fromAuthorization`: the input carries the card as the authorization read it (RiskInput.card).
 */
async function decide(memo: RiskMemo, card: string, merchant: RiskMerchant, amount: number, approved: boolean, direct: boolean, check?: (trx: Db, input: RiskInput) => Promise<void>, fromAuthorization = false) {
  const { ids, clock } = engine.services;
  return engine.services.db.transaction().execute(async (trx) => {
    if (direct) bindDirect(engine.services.db, trx);
    const emit: RiskWriteCtx['emit'] = async (type, objectId, data) => void (await insertEvent(trx, ids, clock, type, objectId, data));
    const input: RiskInput = { cardId: card, amountMinor: amount, currency: 'IDR', merchant, at: clock.now() };
    if (fromAuthorization) {
      const context = (await cardContextById(trx, card))!;
      Object.assign(input, { cardholderId: context.cardholder_id, programId: context.program_id, card: context.risk });
    }
    await check?.(trx, input);
    const remembered = await scoreAuthorization({ db: trx, memo }, input);
    expect(remembered).toEqual(await scoreAuthorization({ db: trx, memo: new RiskMemo() }, input));
    expect(remembered).toEqual(await scoreAuthorization({ db: trx }, input));
    await recordAuthorizationOutcome({ db: trx, ids, clock, emit, memo }, { ...input, authorizationId: `auth_first${++seq}`, approved, responseCode: approved ? '00' : '05', assessment: remembered });
    return remembered;
  });
}

/** The facts without the fields the first read leaves out on purpose (e-mail and phone, when no such list is in force). */
function comparable(facts: RiskFacts): Omit<RiskFacts, 'email' | 'phone'> {
  const { email: _e, phone: _p, ...rest } = facts;
  return rest;
}

beforeAll(async () => {
  engine = await testEngine({ start: new Date('2026-03-02T03:00:00Z') });
  const a = (await loyaltyProgram(engine)).id;
  const b = (await loyaltyProgram(engine, { name: 'Makassar Rewards', timezone: 'Asia/Makassar' })).id;
  await engine.bus.send('risk-policy-update', { program: b, thresholds: { flag: 15, review: 30, decline: 80 }, weights: { new_merchant: 20 } }, OWNER);
  for (let i = 0; i < 8; i++) cards.push(await cardOf(i < 5 ? a : b, `+62813${String(i).padStart(8, '0')}`));
  const until = new Date(engine.clock.now().getTime() + 2 * 86_400_000).toISOString();
  await engine.bus.send('risk-policy-update', { program: a, allow_list: { add: [{ card: cards[1]!, reason: 'travelling' }] } }, OWNER);
  await engine.bus.send('risk-policy-update', { program: b, allow_list: { add: [{ card: cards[6]!, reason: 'vouched', until }] } }, OWNER);
  const listedNumber = (await engine.bus.send('card-reveal', { id: cards[3]! }, OWNER)).number;
  await engine.bus.send('blocklist-import', { name: 'Shops', source: 'test', source_date: '2026-03-01', policy: 'flag', format: 'csv', content: `kind,value\nmerchant,BAD-7\ncard,${listedNumber}`, preview: false }, OWNER);
  // Some history, so some cards have a state row and places seen before the memo first meets them.
  const memo = new RiskMemo();
  for (let i = 0; i < cards.length; i += 2) {
    engine.clock.advance(40 * 60_000);
    await decide(memo, cards[i]!, MERCHANTS[i % 3]!, 2_000_000, true, false);
  }
});
afterAll(async () => engine.close());

const stepArb = fc.record({
  card: fc.integer({ min: 0, max: 7 }),
  merchant: fc.integer({ min: 0, max: MERCHANTS.length - 1 }),
  gapMinutes: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 30, max: 1_500 })),
  amount: fc.oneof(fc.integer({ min: 100, max: 1_000_000 }), fc.integer({ min: 1_000_000, max: 300_000_000 })),
  approved: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  direct: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  fromAuthorization: fc.boolean(),
});

describe("a card's first read in a memo that knows other cards", () => {
  it('reads what a whole read of the database reads, and scores as after a restart and as a one-off', async () => {
    let shortReads = 0;
    let stateReads = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
        const memo = new RiskMemo();
        for (const step of steps) {
          engine.clock.advance(step.gapMinutes * 60_000 + 5_000);
          const card = cards[step.card]!;
          await decide(memo, card, MERCHANTS[step.merchant]!, step.amount, step.approved, step.direct, async (trx, input) => {
            if (!step.direct || memo.profiles.has(card)) return;
            const whole = await loadRiskFacts(trx, input);
            // With the authorization's card and a program the memo knows, the first read skips the card row (STATE).
            if (input.card && memo.programs.has(input.programId!) && memo.anyBlockList !== undefined) stateReads++;
            const first = readFactsNow(trx, input, memo);
            expect(first).toBeDefined();
            expect(comparable(first!)).toEqual(comparable(whole));
            // The short read leaves the cardholder's phone out (no phone list is in force): count it, so the test is known to reach it.
            if (first!.phone === null && whole.phone !== null) shortReads++;
            memo.forgetCard(card); // as it was: the decision below reads it again, by its own path
          }, step.fromAuthorization);
        }
      }),
      { numRuns: 30 },
    );
    // Reached in every run (8-19 times in 30 cases over eight runs; how often depends on fast-check's
    // random cases, so a higher bar made the test fail now and then on a correct engine).
    expect(shortReads).toBeGreaterThan(0);
    expect(stateReads).toBeGreaterThan(0);
  });

  it.each([false, true])('a listed card number is found on its first read in a memo that knows the merchant (card from the authorization: %s)', async (fromAuthorization) => {
    const memo = new RiskMemo();
    engine.clock.advance(3_600_000);
    await decide(memo, cards[2]!, BANDUNG_BRANCH, 2_000_000, true, true, undefined, fromAuthorization);
    engine.clock.advance(3_600_000);
    const listed = await decide(memo, cards[3]!, BANDUNG_BRANCH, 2_000_000, true, true, async (trx, input) => {
      expect(readFactsNow(trx, input, memo)?.phone).toBeNull(); // the short read
      memo.forgetCard(cards[3]!);
    }, fromAuthorization);
    expect(listed.blockListHit).toMatchObject({ kind: 'card', policy: 'flag' });
    expect(memo.blockKeys.card.size).toBeGreaterThanOrEqual(2);
  });

  it('still reads the whole facts while a phone or e-mail domain list is in force, and matches it', async () => {
    await engine.bus.send('blocklist-import', { name: 'People', source: 'test', source_date: '2026-03-01', policy: 'flag', format: 'csv', content: 'kind,value\nphone,+6281300000004', preview: false }, OWNER);
    const memo = new RiskMemo();
    engine.clock.advance(3_600_000);
    await decide(memo, cards[0]!, JAKARTA_BRANCH, 2_000_000, true, true);
    engine.clock.advance(3_600_000);
    const listed = await decide(memo, cards[4]!, JAKARTA_BRANCH, 2_000_000, true, true, async (trx, input) => {
      const first = readFactsNow(trx, input, memo);
      expect(first?.phone).toBe('+6281300000004');
      memo.forgetCard(cards[4]!);
    });
    expect(listed.blockListHit).toMatchObject({ kind: 'phone', policy: 'flag' });
  });
});
