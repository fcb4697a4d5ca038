import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEngine, type TestEngine } from '../testing/test-engine.js';
import { account, kopiShop, newMember, OWNER, purchase, refund, rp } from './testing/rewards-kit.js';

let engine: TestEngine;
beforeEach(async () => { engine = await testEngine(); });
afterEach(async () => { await engine.close(); });

describe('smoke', () => {
  it('earns and reverses', async () => {
    const shop = await kopiShop(engine);
    await engine.bus.send('earning-rule-create', { program: shop.program, type: 'spend', points: 1, unit_minor: rp(10_000) }, OWNER);
    const m = await newMember(engine, shop);
    const p = await purchase(engine, shop, m, rp(55_000));
    expect(p.points_earned).toBe(5);
    expect((await account(engine, m)).points).toBe(5);
    await refund(engine, p.authorization, rp(55_000));
    expect((await account(engine, m)).points).toBe(0);
  });
});
