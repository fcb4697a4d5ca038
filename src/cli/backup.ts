import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openKartu } from '../core/kartu.js';
import { systemClock } from '../core/kernel/clock.js';
import { restoreBackup } from '../core/backup/restore-backup.js';
import { KEY_FILE_NAME } from '../core/security/key-file.js';
// CLI_ACTOR is read when a command runs, after cli-commands.ts has loaded (the import is circular).
import { CLI_ACTOR, type CliCommand } from './cli-commands.js';
import { UsageError } from './cli-io.js';

function folderOption(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} FOLDER is required.`);
  return value;
}

/**
 * `kartu backup create`: the same `backup-create` command as the app (audited in the live
 * database), so it works while `serve` runs on the data directory.
 */
export const backupCreateCli: CliCommand = {
  name: 'backup create',
  summary: 'copy both databases (sandbox and live) and a manifest into a new or empty folder, while Kartu runs',
  usage: 'kartu backup create --data-dir DIR --to FOLDER [--include-key]',
  options: { 'data-dir': { type: 'string' }, to: { type: 'string' }, 'include-key': { type: 'boolean' } },
  async run(values, _positionals, io) {
    const to = folderOption(values, 'to');
    const dataDir = values['data-dir'] as string;
    if (!existsSync(join(resolve(dataDir), 'live.db'))) {
      io.err(`kartu backup create: ${resolve(dataDir)} is not a Kartu data directory (no live.db).`);
      return 1;
    }
    const kartu = await openKartu({ dataDir });
    try {
      const backup = await kartu.live.bus.send('backup-create', { folder: to, include_key: values['include-key'] === true }, CLI_ACTOR);
      for (const file of backup.files) io.out(`${file.name.padEnd(16)} ${String(file.size_bytes).padStart(12)} bytes  sha256 ${file.sha256}`);
      io.out(backup.note);
      io.out(`Backup written to ${backup.folder}`);
      return 0;
    } finally {
      await kartu.close();
    }
  },
};

/**
 * `kartu backup restore`: only while Kartu is stopped (a data directory any process has open is
 * refused). The databases that were there are kept in DIR/replaced-<time>/.
 */
export const backupRestoreCli: CliCommand = {
  name: 'backup restore',
  summary: 'replace the data directory\'s databases with a verified backup (stop the app and serve first)',
  usage: 'kartu backup restore --data-dir DIR --from FOLDER',
  options: { 'data-dir': { type: 'string' }, from: { type: 'string' } },
  async run(values, _positionals, io) {
    const from = folderOption(values, 'from');
    const dataDir = resolve(values['data-dir'] as string);
    const result = await restoreBackup({ dataDir, from, clock: systemClock });
    io.out(`Restored the backup of ${result.manifest.created_at} (Kartu ${result.manifest.kartu_version}) into ${dataDir}.`);
    if (result.replacedFolder) io.out(`The databases that were there are kept in ${result.replacedFolder}.`);
    if (result.keyRestored) io.out('The card-data key was restored from the backup.');
    else if (!existsSync(join(dataDir, KEY_FILE_NAME))) {
      io.err(`Warning: ${join(dataDir, KEY_FILE_NAME)} is missing: put the data directory's card-data key back before starting Kartu, or card numbers cannot be read (the desktop app keeps its key in the OS keychain).`);
    }
    return 0;
  },
};
