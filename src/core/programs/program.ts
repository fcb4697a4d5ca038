import type { z } from 'zod';
import { fromJson } from '../db/database.js';
import type { ProgramRow } from '../db/schema.js';
import type { SpendingControls } from '../controls/spending-controls.js';
import type { Brand } from './brand.js';
import type { KycRequirements } from './kyc-rules.js';
import type { ProgramKind } from './program-kinds.js';
import type { capsSchema, feesSchema } from './program-schema.js';

export type Caps = { [K in keyof z.output<typeof capsSchema>]-?: number | null };
export type Fees = { [K in keyof z.output<typeof feesSchema>]-?: number };

/** A program as the engine uses it (parsed JSON columns). */
export interface Program {
  id: string;
  object: 'program';
  name: string;
  kind: ProgramKind;
  currency: string;
  timezone: string;
  week_starts_on: number;
  network: string;
  bin: string;
  pan_length: number;
  default_expiry_years: number;
  max_expiry_years: number;
  default_spending_controls: SpendingControls;
  caps: Caps;
  fees: Fees;
  kyc_requirements: KycRequirements;
  brand: Brand;
  status: 'active' | 'archived';
  created: number;
  livemode: boolean;
}

export function programFromRow(row: ProgramRow, livemode: boolean): Program {
  return {
    id: row.id,
    object: 'program',
    name: row.name,
    kind: row.kind as ProgramKind,
    currency: row.currency,
    timezone: row.timezone,
    week_starts_on: row.week_starts_on,
    network: row.network,
    bin: row.bin,
    pan_length: row.pan_length,
    default_expiry_years: row.default_expiry_years,
    max_expiry_years: row.max_expiry_years,
    default_spending_controls: fromJson(row.default_spending_controls),
    caps: fromJson(row.caps),
    fees: fromJson(row.fees),
    kyc_requirements: fromJson(row.kyc_requirements),
    brand: fromJson(row.brand),
    status: row.status as Program['status'],
    created: Math.floor(Date.parse(row.created_at) / 1000),
    livemode,
  };
}

export const NO_CAPS: Caps = {
  per_authorization: null, daily: null, weekly: null, monthly: null, yearly: null, all_time: null, balance: null, credit_limit: null,
};

export const NO_FEES: Fees = { issuance: 0, monthly_admin: 0, per_transaction: 0, fx_bps: 0 };
