import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu } from '../kartu.js';
import { SYSTEM_ACTOR } from '../bus/actor.js';
import { generateDemo } from '../demo/generate-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-demo-risk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo fraud stories', () => {
  it('the demo leaves a card-testing burst and an impossible-travel pair in the alert queue', async () => {
    const kartu = await openKartu({ dataDir: join(dir, 'd') });
    try {
      await generateDemo(kartu, { seed: 5, members: 24, days: 6 });
      const alerts = await kartu.sandbox.bus.send('alert-list', { status: 'open', limit: 100 }, SYSTEM_ACTOR);
      const fired = (name: string) => alerts.data.filter((a) => a.signals.some((s) => s.name === name));
      expect(fired('card_testing').length).toBeGreaterThanOrEqual(1);
      const travel = fired('impossible_travel');
      expect(travel.length).toBeGreaterThanOrEqual(1);
      expect(travel[0]!.signals.find((s) => s.name === 'impossible_travel')!.value).toMatchObject({ from: 'Jakarta', to: 'Bandung', minutes: 8 });
      expect(alerts.data.every((a) => a.card_last4 !== null)).toBe(true);
    } finally {
      await kartu.close();
    }
  });
});
