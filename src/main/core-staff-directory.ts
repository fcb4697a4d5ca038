import { SYSTEM_ACTOR } from '../core/bus/actor.js';
import type { KartuEngines } from './kartu-engines.js';
import { staffActor } from '../core/staff/staff-actor.js';
import type { StaffActor, StaffView } from '../core/staff/staff.js';
import type { StaffDirectory, StaffMember } from './desktop-session.js';

const member = (actor: StaffActor): StaffMember => ({ id: actor.id, name: actor.name, role: actor.role });

/** The desktop's staff, through the core's own commands (as the system actor, on the live engine). */
export function coreStaffDirectory(kartu: KartuEngines): StaffDirectory {
  const bus = kartu.live.bus;
  return {
    async pinRequired() {
      let after: string | undefined;
      for (;;) {
        const page = await bus.send('staff-list', { limit: 100, status: 'active', ...(after ? { starting_after: after } : {}) }, SYSTEM_ACTOR);
        if (page.data.some((staff: StaffView) => staff.has_pin)) return true;
        if (!page.has_more || page.data.length === 0) return false;
        after = page.data[page.data.length - 1]?.id;
      }
    },
    async ensureOwner(name) {
      const result = await bus.send('staff-ensure-owner', { name: name.slice(0, 80) || 'Owner' }, SYSTEM_ACTOR);
      return member(result.actor);
    },
    async authenticate(pin) {
      return member(await bus.send('staff-sign-in', { pin }, SYSTEM_ACTOR));
    },
    async signOut(id) {
      await bus.send('staff-sign-out', { staff_id: id }, SYSTEM_ACTOR);
    },
    async current(id) {
      const actor = await staffActor(kartu.live.services.db, id);
      return actor ? member(actor) : null;
    },
  };
}
