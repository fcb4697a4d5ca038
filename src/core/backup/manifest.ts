import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { z } from 'zod';

export const MANIFEST_NAME = 'kartu-backup.json';
export const BACKUP_FORMAT = 1;
/** The databases a backup holds; the sandbox network's simulated state is rebuilt, not backed up. */
export const BACKUP_DATABASES = ['sandbox.db', 'live.db'] as const;

const fileEntry = z.strictObject({
  name: z.string().regex(/^[a-z0-9.-]+$/),
  size_bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Migration names applied to this database (databases only). */
  migrations: z.array(z.string()).optional(),
});

export const manifestSchema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  kartu_version: z.string(),
  created_at: z.string(),
  files: z.array(fileEntry),
  /** False by default: without the key file the card numbers in the backup cannot be read. */
  includes_card_data_key: z.boolean(),
  note: z.string(),
});

export type BackupManifest = z.infer<typeof manifestSchema>;
export type BackupFile = z.infer<typeof fileEntry>;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function keyNote(includesKey: boolean): string {
  return includesKey
    ? 'This backup includes the card-data key: anyone with this folder can read the stored card numbers. Keep it as safe as the data directory.'
    : 'The card-data key is NOT in this backup: card numbers stay unreadable until the key file (card-data.key) of the data directory is restored beside it. Keep a copy of the key somewhere safe and separate.';
}
