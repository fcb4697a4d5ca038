import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_COMMANDS } from '../../shared/ipc-contract.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The engine commands the screens name: first argument of the client and the data hooks. */
function commandsUsed(): Map<string, string> {
  const used = new Map<string, string>();
  const call = /(?:\.call|useQuery|useMutation|usePagedList|useInfiniteList)\(\s*'([a-z0-9-]+)'/g;
  for (const file of sources(join(import.meta.dirname, '..'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(call)) used.set(match[1]!, file);
  }
  return used;
}

describe('the IPC contract', () => {
  it('lists every command a screen calls, so the desktop app has a channel for each', () => {
    const listed = new Set<string>(IPC_COMMANDS);
    const missing = [...commandsUsed()].filter(([name]) => !listed.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });
});
