import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** Repositories take either the database or an open transaction, first, like kysely's own examples. */
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type Executor = Kysely<Database>;

/** JSON is stored as TEXT so that the same columns work on SQLite and PostgreSQL. */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function fromJson<T>(text: string | null): T {
  return (text === null ? null : JSON.parse(text)) as T;
}
