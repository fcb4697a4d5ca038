import type { Role } from '../../core/bus/actor.js';
import { useApp } from './app-store.js';

const RANK: Record<Role, number> = { cashier: 1, manager: 2, owner: 3 };

/** The signed-in staff member's role; null while signed out. */
export function useRole(): Role | null {
  return useApp((s) => (s.session.status === 'ready' ? (s.session.info.staff?.role ?? null) : null));
}

/**
 * Whether the signed-in role reaches `needed`. Screens hide what a role cannot do so nobody meets a
 * button that only fails; the core refuses it anyway (the UI is not the guard).
 */
export function useCan(needed: Role): boolean {
  const role = useRole();
  return role !== null && RANK[role] >= RANK[needed];
}
