import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OWNER } from '../core/testing/test-engine.js';
import { startHost, type Host } from './start-host.js';

/**
 * The headless host applies a restore scheduled from the app when it starts, before it opens the
 * databases, and says so on its start-up lines; while it runs, scheduling changes nothing.
 */
let root: string;
let host: Host | null;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kartu-host-restore-'));
  host = null;
});
afterEach(async () => {
  await host?.close();
  rmSync(root, { recursive: true, force: true });
});

async function programNames(h: Host): Promise<string[]> {
  return (await h.kartu.live.bus.send('program-list', { limit: 100 }, OWNER)).data.map((p) => p.name).sort();
}

describe('restore at the next start of the headless host', () => {
  it('is applied on restart, printed, and the data is the backup’s', async () => {
    const dataDir = join(root, 'data');
    const folder = join(root, 'backup');
    const printed: string[] = [];
    host = await startHost({ dataDir, port: 0, print: (line) => printed.push(line) });
    await host.kartu.live.bus.send('program-create', { name: 'Before', kind: 'loyalty', currency: 'IDR' }, OWNER);
    await host.kartu.live.bus.send('backup-create', { folder }, OWNER);
    await host.kartu.live.bus.send('program-create', { name: 'After', kind: 'loyalty', currency: 'IDR' }, OWNER);
    await host.kartu.live.bus.send('backup-restore-schedule', { folder }, OWNER);
    expect(await programNames(host)).toEqual(['After', 'Before']);
    await host.close();

    host = await startHost({ dataDir, port: 0, print: (line) => printed.push(line) });
    expect(printed.filter((line) => line.startsWith('Restored the backup'))).toHaveLength(1);
    expect(printed.find((line) => line.startsWith('Restored the backup'))).toContain(join(dataDir, 'replaced-'));
    expect(await programNames(host)).toEqual(['Before']);
  });
});
