import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu } from '../kartu.js';
import { SYSTEM_ACTOR } from '../bus/actor.js';
import { generateDemo, type DemoProgress } from './generate-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function storyOf(seed: number, name: string) {
  const kartu = await openKartu({ dataDir: join(dir, name) });
  const phases = new Set<string>();
  const summary = await generateDemo(kartu, { seed, members: 24, days: 6, onProgress: (p: DemoProgress) => phases.add(p.phase) });
  const bus = kartu.sandbox.bus;
  const cards = await bus.send('card-list', { limit: 100 }, SYSTEM_ACTOR);
  const holders = await bus.send('cardholder-list', { limit: 100 }, SYSTEM_ACTOR);
  const live = await kartu.live.bus.send('program-list', { limit: 10 }, SYSTEM_ACTOR);
  const clockOffset = kartu.sandboxClock.offsetMs();
  await kartu.close();
  return { summary, phases, cards, holders, live, clockOffset };
}

describe('demo data', () => {
  it('tells the Kopi Nusantara story in the sandbox only, through the commands, with progress', async () => {
    const story = await storyOf(7, 'a');
    expect(story.summary.programs).toBe(2);
    expect(story.summary.branches).toBe(3);
    expect(story.cards.data.length).toBe(story.summary.cards + 1); // + the replacement of the lost card
    expect(story.cards.data.every((card) => card.livemode === false)).toBe(true);
    expect(story.cards.data.some((card) => card.program_kind === 'corporate')).toBe(true);
    expect(story.holders.data.some((h) => h.type === 'company')).toBe(true);
    expect(story.live.data).toEqual([]);
    expect(story.phases.has('Members and their cards')).toBe(true);
    expect(story.clockOffset).toBe(0);
    // Members reload their cards: the story is mostly coffee sold, with a few declines to explain.
    expect(story.summary.authorizations).toBeGreaterThan(20);
    expect(story.summary.declined / story.summary.authorizations).toBeLessThan(0.15);
    // History lies in the past: members joined over the period.
    const created = story.cards.data.map((card) => card.created);
    expect(Math.max(...created) - Math.min(...created)).toBeGreaterThan(2 * 86_400);
  });

  it('lives through its stories over a longer period (frozen, lost, stolen cards keep being used)', async () => {
    const kartu = await openKartu({ dataDir: join(dir, 'long') });
    const summary = await generateDemo(kartu, { seed: 3, members: 16, days: 24 });
    const bus = kartu.sandbox.bus;
    const declines = await bus.send('authorization-list', { approved: false, limit: 100 } as never, SYSTEM_ACTOR);
    const check = await bus.send('ledger-check', {}, SYSTEM_ACTOR);
    // The buyers' supplier payments spend from the company account: approved, not all declined.
    const corporate = kartu.sandbox.database.sqlite
      .prepare("SELECT SUM(a.approved) AS approved, COUNT(*) AS n FROM authorizations a JOIN programs p ON p.id = a.program_id WHERE p.kind = 'corporate'")
      .get() as { approved: number; n: number };
    await kartu.close();
    expect(corporate.n).toBeGreaterThan(0);
    expect(corporate.approved).toBe(corporate.n);
    expect(summary.authorizations).toBeGreaterThan(100);
    expect(check.problems).toEqual([]);
    // The stolen card is still tried after it was canceled: declined with its reason.
    expect((declines.data as Array<{ decline_reason: string }>).some((a) => a.decline_reason === 'card_stolen')).toBe(true);
  }, 120_000);

  it('is deterministic from its seed', async () => {
    const a = await storyOf(11, 'b');
    const b = await storyOf(11, 'c');
    const shape = (s: typeof a) => s.holders.data.map((h) => [h.name, h.phone, h.birth_date]);
    expect(shape(a)).toEqual(shape(b));
    expect(a.summary).toEqual(b.summary);
  });
});
