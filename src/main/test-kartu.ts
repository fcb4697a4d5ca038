import { testEngine, type TestEngine } from '../core/testing/test-engine.js';
import type { KartuEngines } from './kartu-engines.js';

export interface TestKartu extends KartuEngines {
  sandbox: TestEngine;
  live: TestEngine;
  close(): Promise<void>;
}

/** Two real in-memory engines (sandbox and live), for main's tests: no data folder, no Electron. */
export async function testKartu(): Promise<TestKartu> {
  const sandbox = await testEngine({ mode: 'test' });
  const live = await testEngine({ mode: 'live' });
  return {
    sandbox,
    live,
    engine: (mode) => (mode === 'live' ? live : sandbox),
    close: async () => {
      await sandbox.close();
      await live.close();
    },
  };
}
