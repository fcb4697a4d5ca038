/** Who is asking. Permissions are enforced in the core, whatever host the request came through. */
export type Role = 'cashier' | 'manager' | 'owner';
export const ROLES: readonly Role[] = ['cashier', 'manager', 'owner'];

export type Actor =
  | { type: 'staff'; id: string; name: string; role: Role }
  | { type: 'api_key'; id: string; scopes: readonly string[] | 'all' }
  | { type: 'system'; id: string };

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'system' };

/** What a command needs: a scope for API keys, a lowest role for staff. The system may do all. */
export interface Permission {
  scope: string;
  role: Role;
}

const RANK: Record<Role, number> = { cashier: 1, manager: 2, owner: 3 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** Scopes a full secret key has; restricted keys list theirs. */
export const ALL_SCOPES = [
  'programs:read', 'programs:write', 'cardholders:read', 'cardholders:write', 'cards:read', 'cards:write',
  'cards:reveal', 'authorizations:read', 'authorizations:write', 'transactions:read', 'transactions:write',
  'rewards:read', 'rewards:write', 'events:read', 'webhooks:write', 'keys:write', 'staff:write',
  'reports:read', 'risk:read', 'risk:write', 'audit:read', 'settings:write', 'network:write',
] as const;

export function isAllowed(actor: Actor, permission: Permission): boolean {
  switch (actor.type) {
    case 'system':
      return true;
    case 'staff':
      return roleAtLeast(actor.role, permission.role);
    case 'api_key':
      return actor.scopes === 'all' || actor.scopes.includes(permission.scope);
  }
}

export function actorLabel(actor: Actor): string {
  return actor.type === 'staff' ? `staff:${actor.id}` : `${actor.type}:${actor.id}`;
}
