import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKartu } from '../kartu.js';
import { OWNER, CASHIER } from '../testing/test-engine.js';

const dir = mkdtempSync(join(tmpdir(), 'kartu-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox test helpers', () => {
  it('advance the sandbox clock only, and are refused on live data', async () => {
    const kartu = await openKartu({ dataDir: dir });
    const before = kartu.sandbox.services.clock.now().getTime();
    const advanced = await kartu.sandbox.bus.send('sandbox-clock-advance', { seconds: 86_400 }, OWNER);
    expect(advanced.offset_seconds).toBe(86_400);
    expect(kartu.sandbox.services.clock.now().getTime() - before).toBeGreaterThanOrEqual(86_400_000);
    expect(Math.abs(kartu.live.services.clock.now().getTime() - Date.now())).toBeLessThan(5_000);
    await expect(kartu.live.bus.send('sandbox-clock-advance', { seconds: 60 }, OWNER)).rejects.toMatchObject({ code: 'sandbox_only' });
    await expect(kartu.sandbox.bus.send('sandbox-clock-advance', { seconds: -5 }, OWNER)).rejects.toMatchObject({ param: 'seconds' });
    await expect(kartu.sandbox.bus.send('sandbox-network-set', { outage: true }, CASHIER)).rejects.toMatchObject({ type: 'permission_error' });
    const network = await kartu.sandbox.bus.send('sandbox-network-set', { outage: true, latency_ms: 5 }, OWNER);
    expect(network).toMatchObject({ outage: true, latency_ms: 5 });
    expect(kartu.sandboxNetwork.getConditions().outage).toBe(true);
    await kartu.close();
  });
});
