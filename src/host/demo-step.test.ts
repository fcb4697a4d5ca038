import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openKartu } from '../core/kartu.js';
import { runDemoStep, sandboxIsEmpty } from './demo-step.js';

describe('the demo step of serve --demo', () => {
  it('fills an empty sandbox through the generator with progress lines, and leaves a used one alone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kartu-demo-'));
    const kartu = await openKartu({ dataDir });
    try {
      expect(await sandboxIsEmpty(kartu)).toBe(true);
      const lines: string[] = [];
      await runDemoStep(kartu, { print: (line) => lines.push(line), members: 6, days: 2 });
      expect(lines[0]).toContain('writing the Kopi Nusantara story');
      expect(lines.some((line) => /^Demo: .+ \d+%$/.test(line))).toBe(true);
      expect(lines[lines.length - 1]).toMatch(/^Demo: done in [\d.]+ s \(2 programs, \d+ cardholders/);
      expect(await sandboxIsEmpty(kartu)).toBe(false);
      // The live database is never touched by the demo.
      expect(await kartu.live.services.db.selectFrom('programs').select('id').execute()).toEqual([]);
      const again: string[] = [];
      await runDemoStep(kartu, { print: (line) => again.push(line), members: 6, days: 2 });
      expect(again).toEqual(['Demo: the sandbox already has data, so the demo story was not generated again.']);
    } finally {
      await kartu.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
