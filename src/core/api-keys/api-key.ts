import type { ApiKeyRow } from '../db/schema.js';
import { fromJson } from '../db/database.js';
import type { Mode } from '../bus/context.js';
import type { ApiKeyKind } from './api-key-secret.js';

/** A key as listed: never its secret, only enough to recognise it (`kartu_test_...abcd`). */
export interface ApiKeyView {
  id: string;
  object: 'api_key';
  name: string;
  mode: Mode;
  type: ApiKeyKind;
  /** 'all' for a full secret key; the list of scopes of a restricted key. */
  scopes: 'all' | string[];
  redacted: string;
  last4: string;
  status: 'active' | 'revoked';
  created: number;
  /** Unix seconds, like `created`; null until first used (updated at most once a minute). */
  last_used_at: number | null;
  revoked_at: number | null;
}

/** Returned once, by key-create: the only time the secret leaves the engine. */
export interface CreatedApiKey extends ApiKeyView {
  secret: string;
}

const unix = (iso: string | null): number | null => (iso === null ? null : Math.floor(Date.parse(iso) / 1000));

export function scopesOf(row: Pick<ApiKeyRow, 'scopes'>): 'all' | string[] {
  return fromJson<'all' | string[]>(row.scopes);
}

export function apiKeyFromRow(row: ApiKeyRow): ApiKeyView {
  const scopes = scopesOf(row);
  return {
    id: row.id,
    object: 'api_key',
    name: row.name,
    mode: row.mode as Mode,
    type: scopes === 'all' ? 'secret' : 'restricted',
    scopes,
    redacted: `${row.prefix}_...${row.last4}`,
    last4: row.last4,
    status: row.revoked_at ? 'revoked' : 'active',
    created: unix(row.created_at) as number,
    last_used_at: unix(row.last_used_at),
    revoked_at: unix(row.revoked_at),
  };
}
