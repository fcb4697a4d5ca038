import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu, type Kartu } from '../kartu.js';
import { manualClock } from '../kernel/clock.js';
import { seededRandom } from '../kernel/random.js';
import { OWNER, CASHIER, testEngine, tableCounts } from '../testing/test-engine.js';
import { setUpKopiRewards, type DemoSend } from '../rewards/demo-rewards.js';
import { CAFE, purchase } from './testing/auth-fixtures.js';
import { decideManyStats } from './decide-many.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-decide-many-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = new Date('2026-03-20T09:30:00Z');
const rupiah = (n: number) => n * 100;

/** A loyalty program with the demo's rewards (points at capture, double on weekday afternoons, tiers) and three funded cards. */
async function shop(name: string): Promise<{ kartu: Kartu; cards: string[] }> {
  const kartu = await openKartu({ dataDir: join(dir, name), clock: manualClock(NOW), random: seededRandom(5) });
  kartu.sandboxClock.travelTo(new Date('2026-03-02T01:00:00Z'));
  const cards = await kartu.sandbox.bus.batch(OWNER, async (send) => {
    // A loyalty card pays at the program's own branches.
    await send('location-create', { name: CAFE.name, merchant_id: CAFE.id, mcc: CAFE.mcc, city: CAFE.city, country: CAFE.country } as never);
    const program = await send('program-create', { name: 'Kopi', kind: 'loyalty', currency: 'IDR', timezone: 'Asia/Jakarta' } as never);
    await setUpKopiRewards(send as DemoSend, program.id, 9);
    const out: string[] = [];
    for (let i = 0; i < 3; i++) {
      const holder = await send('cardholder-create', { name: `Member ${i}`, phone: `+6281200000${i}` } as never);
      const card = await send('card-create', { program: program.id, cardholder: holder.id, type: 'virtual' } as never);
      await send('top-up-create', { card: card.id, amount: rupiah(60_000 + 40_000 * i) });
      out.push(card.id);
    }
    return out;
  });
  return { kartu, cards };
}

/** Monday..Wednesday, mornings and weekday afternoons (double points); some run out of money. */
function visits(cards: string[]): Array<{ at: Date; card: string; amount: number }> {
  const out = [];
  for (let day = 0; day < 3; day++) {
    for (const [i, card] of cards.entries()) {
      for (const hourUtc of [2, 8]) out.push({ at: new Date(Date.UTC(2026, 2, 2 + day, hourUtc, 10 * i)), card, amount: rupiah(18_000 + 7_000 * i) });
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const CELL_KEYS = new Set(['approved', 'is_foreign', 'stand_in', 'risk_flag', 'weekday', 'hour']);

/**
 * Everything in the database, ids made by the purchases replaced by their prefix, rows sorted. Left
 * out: the audit chain (the two ways are different commands) and the cards (their numbers are
 * cryptographically random).
 */
function written(kartu: Kartu): Record<string, string[]> {
  const db = kartu.sandbox.database.sqlite;
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit_log', 'audit_anchor', 'cards', 'kartu_migrations')").all() as Array<{ name: string }>).map((t) => t.name);
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    out[table] = (db.prepare(`SELECT * FROM "${table}"`).all() as Array<Record<string, unknown>>)
      // A report cell whose sums are all zero says nothing: the two-step way leaves one behind when
      // the capture moves a first purchase from "no tier yet" to the tier it got.
      .filter((row) => !table.endsWith('_cells') || Object.entries(row).some(([column, value]) => typeof value === 'number' && value !== 0 && !CELL_KEYS.has(column)))
      .map((row) => {
        const { updated_at: _updated, ...rest } = row;
        // Report facts note when they were last written; everything else must match exactly.
        const keep = table === 'report_facts' ? rest : row;
        return JSON.stringify(keep).replace(/\b(auth|txn|evt|tr|pts|lot|mbr|alrt|we|rdm)_[0-9a-z]{22}\b/g, '$1_*');
      })
      .sort();
  }
  return out;
}

describe('decideMany (test-helper-purchases)', () => {
  it('authorizing and capturing in one command writes what authorization-create then authorization-capture write', async () => {
    const a = await shop('separate');
    const b = await shop('together');
    let approved = 0;
    let declined = 0;
    for (const visit of visits(a.cards)) {
      a.kartu.sandboxClock.travelTo(visit.at);
      b.kartu.sandboxClock.travelTo(visit.at);
      const request = { card: visit.card, amount: visit.amount, currency: 'IDR', merchant: { ...CAFE } };
      const one = await a.kartu.sandbox.bus.batch(CASHIER, async (send) => {
        const authorization = await send('authorization-create', request as never);
        if (authorization.approved) await send('authorization-capture', { id: authorization.id });
        return authorization;
      });
      const [both] = (await b.kartu.sandbox.bus.batch(CASHIER, (send) => send('test-helper-purchases', { requests: [request], capture: true } as never))).data;
      expect(both!.authorization.approved).toBe(one.approved);
      expect(both!.transaction !== null).toBe(one.approved);
      if (one.approved) approved++;
      else declined++;
    }
    // The sequence shows both outcomes, and points were earned (with and without double points).
    expect(approved).toBeGreaterThan(4);
    expect(declined).toBeGreaterThan(0);
    const wa = written(a.kartu);
    const wb = written(b.kartu);
    expect(wa.rewards_points_entries!.length).toBeGreaterThan(4);
    expect(wa.report_facts!.length).toBe(approved + declined);
    expect(wb).toEqual(wa);
    await a.kartu.close();
    await b.kartu.close();
  }, 60_000);

  it('keeps its session across captures and across the commands of one batch, writing what the two-command way writes', async () => {
    const a = await shop('kept-separate');
    const b = await shop('kept-together');
    // Visits two by two at the first one's time: one command decides and captures both. A request
    // the card cannot pay comes first in some pairs (a decline before a capture in one command).
    const all = visits(a.cards).flatMap((v, k) => (k % 5 === 0 ? [{ ...v, amount: rupiah(900_000) }, v] : [v]));
    const pairs = Array.from({ length: Math.ceil(all.length / 2) }, (_, k) => all.slice(2 * k, 2 * k + 2));
    const requestOf = (v: (typeof all)[number]) => ({ card: v.card, amount: v.amount, currency: 'IDR', merchant: { ...CAFE } });
    await a.kartu.sandbox.bus.batch(CASHIER, async (send) => {
      for (const pair of pairs) {
        a.kartu.sandboxClock.travelTo(pair[0]!.at);
        for (const visit of pair) {
          const authorization = await send('authorization-create', requestOf(visit) as never);
          if (authorization.approved) await send('authorization-capture', { id: authorization.id });
        }
      }
    });
    const fresh = decideManyStats.freshSessions;
    await b.kartu.sandbox.bus.batch(CASHIER, async (send) => {
      for (const pair of pairs) {
        b.kartu.sandboxClock.travelTo(pair[0]!.at);
        await send('test-helper-purchases', { requests: pair.map(requestOf), capture: true } as never);
      }
    });
    // One session for the whole batch: every command after the first took the last one's.
    expect(decideManyStats.freshSessions - fresh).toBe(1);
    const wa = written(a.kartu);
    expect(wa.rewards_points_entries!.length).toBeGreaterThan(4);
    expect(written(b.kartu)).toEqual(wa);
    await a.kartu.close();
    await b.kartu.close();
  }, 60_000);

  it("sees a capture's cashback in the next decision, in the same command and in the next one of the batch", async () => {
    const b = await shop('cashback');
    const bus = b.kartu.sandbox.bus;
    const card = await bus.send('card-get', { id: b.cards[0]! }, OWNER); // Rp 60.000 on it
    const gold = (await bus.send('tier-list', { program: card.program } as never, OWNER)).data.find((t: { name: string }) => t.name === 'Gold')!;
    await bus.send('tier-assign', { cardholder: card.cardholder, tier: gold.id, until: '2026-12-31', reason: 'test' } as never, OWNER);
    b.kartu.sandboxClock.travelTo(new Date('2026-03-03T02:00:00Z'));
    const buy = (amount: number) => ({ card: card.id, amount, currency: 'IDR', merchant: { ...CAFE } });
    const approvals = await bus.batch(CASHIER, async (send) => {
      const out: boolean[] = [];
      const sale = async (...amounts: number[]) => {
        const { data } = await send('test-helper-purchases', { requests: amounts.map(buy), capture: true } as never);
        out.push(...data.map((d: { authorization: { approved: boolean } }) => d.authorization.approved));
      };
      // Gold earns 2% cashback at capture. Each purchase spends exactly what is left, which
      // includes the cashback of the capture just before it: in the same command, then in the next.
      await sale(rupiah(40_000), rupiah(20_800)); // 60.000 - 40.000 + 800 = 20.800
      await sale(41_600); // + 2% of 20.800 = Rp 416
      await sale(832); // + 2% of Rp 416 = Rp 8,32
      await sale(100); // nothing left but the last cashback's Rp 0,16: declined
      return out;
    });
    expect(approvals).toEqual([true, true, true, true, false]);
    await b.kartu.close();
  }, 60_000);

  it('keeps its session across a declared write in the batch (a top-up) and sees it; any other write ends the session', async () => {
    const b = await shop('declared-between');
    const bus = b.kartu.sandbox.bus;
    const card = b.cards[0]!; // Rp 60.000 on it
    b.kartu.sandboxClock.travelTo(new Date('2026-03-03T03:00:00Z'));
    const buy = (amount: number) => ({ requests: [{ card, amount, currency: 'IDR', merchant: { ...CAFE } }] });
    const fresh = decideManyStats.freshSessions;
    const approvals = await bus.batch(CASHIER, async (send) => {
      const out: boolean[] = [];
      const sale = async (amount: number) => out.push((await send('test-helper-purchases', buy(amount) as never)).data[0]!.authorization.approved);
      await sale(rupiah(50_000)); // Rp 10.000 left
      await send('top-up-create', { card, amount: rupiah(30_000) }); // declared: Rp 40.000
      await sale(rupiah(40_000)); // fits only with the top-up seen
      await sale(rupiah(1)); // nothing left
      return out;
    });
    expect(approvals).toEqual([true, true, false]);
    // One session for the whole batch: the top-up did not end it.
    expect(decideManyStats.freshSessions - fresh).toBe(1);

    // A write that does not say what it changed (a program's settings) ends the kept session.
    const program = (await bus.send('card-get', { id: card }, OWNER)).program;
    const before = decideManyStats.freshSessions;
    await bus.batch(OWNER, async (send) => {
      await send('test-helper-purchases', buy(rupiah(1)) as never);
      await send('program-update', { id: program, name: 'Kopi Nusantara' } as never);
      await send('test-helper-purchases', buy(rupiah(1)) as never);
    });
    expect(decideManyStats.freshSessions - before).toBe(2);
    await b.kartu.close();
  }, 60_000);

  it('decides a list through one session: later requests see the earlier ones, one report pass', async () => {
    const a = await shop('list-separate');
    const b = await shop('list-together');
    const requests = [rupiah(20_000), rupiah(30_000), rupiah(25_000)].map((amount) => ({ card: a.cards[0]!, amount, currency: 'IDR', merchant: { ...CAFE } }));
    for (const k of [a, b]) k.kartu.sandboxClock.travelTo(new Date('2026-03-03T03:00:00Z'));
    const one = await a.kartu.sandbox.bus.batch(CASHIER, async (send) => {
      const out = [];
      for (const request of requests) out.push((await send('authorization-create', request as never)).approved);
      return out;
    });
    const many = await b.kartu.sandbox.bus.send('test-helper-purchases', { requests } as never, CASHIER);
    // Rp 60.000 on the card: the third no longer fits after the first two.
    expect(one).toEqual([true, true, false]);
    expect(many.data.map((d) => d.authorization.approved)).toEqual(one);
    expect(many.data.every((d) => d.transaction === null && d.authorization.status !== 'closed' || !d.authorization.approved)).toBe(true);
    expect(written(b.kartu)).toEqual(written(a.kartu));
    await a.kartu.close();
    await b.kartu.close();
  }, 60_000);

  it('refuses outside the sandbox, card numbers, bad requests and cashier-less callers, writing nothing', async () => {
    const live = await testEngine({ mode: 'live' });
    const before = await tableCounts(live);
    await expect(live.bus.send('test-helper-purchases', { requests: [purchase('card_x', 100)] } as never, CASHIER)).rejects.toMatchObject({ code: 'sandbox_only' });
    expect(await tableCounts(live)).toEqual(before);
    await live.close();

    const { kartu, cards } = await shop('refusals');
    const bus = kartu.sandbox.bus;
    const counts = await tableCounts(kartu.sandbox);
    await expect(bus.send('test-helper-purchases', { requests: [] } as never, CASHIER)).rejects.toMatchObject({ param: 'requests' });
    await expect(bus.send('test-helper-purchases', { requests: [{ number: '4111111111111111', amount: 100, merchant: CAFE }] } as never, CASHIER)).rejects.toMatchObject({ code: 'parameter_unknown', param: 'requests.0.number' });
    await expect(bus.send('test-helper-purchases', { requests: [{ card: cards[0], amount: -1, merchant: CAFE }] } as never, CASHIER)).rejects.toMatchObject({ param: 'requests.0.amount' });
    // One unknown card fails the whole call: the first request's decision is not kept either.
    await expect(bus.send('test-helper-purchases', { requests: [purchase(cards[0]!, 100), purchase('card_nope', 100)], capture: true } as never, CASHIER)).rejects.toMatchObject({ code: 'resource_missing' });
    await expect(bus.send('test-helper-purchases', { requests: [purchase(cards[0]!, 100)] } as never, { type: 'api_key', id: 'key_1', scopes: ['cards:read'] } as never)).rejects.toMatchObject({ code: 'insufficient_permissions' });
    expect(await tableCounts(kartu.sandbox)).toEqual(counts);
    await kartu.close();
  }, 60_000);
});
