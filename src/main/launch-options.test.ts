import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveDataDir } from './launch-options.js';

describe('resolveDataDir', () => {
  it('takes --data-dir in both spellings, then KARTU_DATA_DIR, then the per-user folder', () => {
    expect(resolveDataDir(['electron', '.', '--data-dir', '/tmp/a'], {}, '/home/u/.config/Kartu')).toBe('/tmp/a');
    expect(resolveDataDir(['electron', '.', '--data-dir=rel'], {}, '/x')).toBe(resolve('rel'));
    expect(resolveDataDir(['electron', '.'], { KARTU_DATA_DIR: '/srv/kartu' }, '/x')).toBe('/srv/kartu');
    expect(resolveDataDir(['electron', '.'], {}, '/home/u/.config/Kartu')).toBe(join('/home/u/.config/Kartu', 'data'));
  });

  it('does not take the next flag as a folder', () => {
    expect(resolveDataDir(['--data-dir', '--inspect'], {}, '/u')).toBe(join('/u', 'data'));
  });
});
