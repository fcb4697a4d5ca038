import type { Role } from '../bus/actor.js';
import type { Actor } from '../bus/actor.js';
import type { StaffRow } from '../db/schema.js';
import { NO_PIN } from './pin.js';

export type StaffStatus = 'active' | 'disabled';
export const STAFF_STATUSES = ['active', 'disabled'] as const;

/** A staff member as listed: never the PIN or its hash. */
export interface StaffView {
  id: string;
  object: 'staff';
  name: string;
  role: Role;
  status: StaffStatus;
  /** False for the owner made by the one-time sign-in link until a PIN is set. */
  has_pin: boolean;
  created: number;
}

export type StaffActor = Extract<Actor, { type: 'staff' }>;

export function staffFromRow(row: StaffRow): StaffView {
  return {
    id: row.id,
    object: 'staff',
    name: row.name,
    role: row.role as Role,
    status: row.status as StaffStatus,
    has_pin: row.pin_hash !== NO_PIN,
    created: Math.floor(Date.parse(row.created_at) / 1000),
  };
}

export function actorOf(row: Pick<StaffRow, 'id' | 'name' | 'role'>): StaffActor {
  return { type: 'staff', id: row.id, name: row.name, role: row.role as Role };
}
