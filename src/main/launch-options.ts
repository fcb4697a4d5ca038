import { join, resolve } from 'node:path';

/**
 * Where the desktop app keeps its data: `--data-dir DIR` (as `npm run serve` takes it), else
 * KARTU_DATA_DIR, else a `data` folder in the OS's per-user app folder.
 */
export function resolveDataDir(argv: readonly string[], env: Record<string, string | undefined>, userDataDir: string): string {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg.startsWith('--data-dir=')) return resolve(arg.slice('--data-dir='.length));
    if (arg === '--data-dir' && argv[i + 1] && !argv[i + 1]!.startsWith('--')) return resolve(argv[i + 1]!);
  }
  if (env.KARTU_DATA_DIR) return resolve(env.KARTU_DATA_DIR);
  return join(userDataDir, 'data');
}
