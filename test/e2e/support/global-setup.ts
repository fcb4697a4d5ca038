import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { startHost } from '../../../src/host/start-host.js';

/**
 * One headless host for the run (the same startHost that `npm run serve` runs), on a free port and
 * an empty temporary data folder, serving the renderer that `npm run build:web` put in out/renderer.
 * Tests find it through KARTU_E2E_BASE_URL and its one-time sign-in link through
 * KARTU_E2E_TOKEN_URL (environment variables set here reach the test workers).
 */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kartu-e2e-'));
  const host = await startHost({
    dataDir,
    port: 0,
    rendererDir: resolve(config.rootDir, '..', '..', 'out', 'renderer'),
    print: () => undefined,
  });
  process.env.KARTU_E2E_BASE_URL = host.url;
  process.env.KARTU_E2E_TOKEN_URL = host.signInUrl;
  process.env.KARTU_E2E_DATA_DIR = dataDir;
  return async () => {
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
