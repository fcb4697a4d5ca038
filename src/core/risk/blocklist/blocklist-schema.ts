import { z } from 'zod';
import { BLOCKLIST_KINDS } from './blocklist-kinds.js';

export const blocklistImportSchema = z.strictObject({
  /** Add to this list; otherwise a new list is made from name, source, source_date and policy. */
  list: z.string().min(1).max(64).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  source_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .refine((v) => {
      const date = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(v);
    }, 'is not a real date')
    .optional(),
  policy: z.enum(['decline', 'flag']).optional(),
  format: z.enum(['csv', 'json']),
  /** The file's text. Up to 5 MB. */
  content: z.string().min(1).max(5_000_000),
  /** The kind of rows that name none (a one-column file of card numbers). */
  kind: z.enum(BLOCKLIST_KINDS).optional(),
  preview: z.boolean(),
});
export type BlocklistImportInput = z.output<typeof blocklistImportSchema>;
