import type { Actor, Role } from '../core/bus/actor.js';
import type { SessionInfo } from '../shared/rpc.js';

export interface StaffMember {
  id: string;
  name: string;
  role: Role;
}

/**
 * Where staff and their PINs come from. The staff domain (issue 8: PINs stored hashed, enforced in
 * the core) plugs in here; until it exists there are no staff records, and the person running the
 * app under their own OS account (which protects the data folder) is its owner, the same trust the
 * headless host gives its one-time sign-in token.
 */
export interface StaffDirectory {
  hasStaff(): Promise<boolean>;
  /** The staff member with this PIN, or null. */
  authenticate(pin: string): Promise<StaffMember | null>;
}

export const NO_STAFF_DIRECTORY: StaffDirectory = {
  hasStaff: async () => false,
  authenticate: async () => null,
};

export class SignInError extends Error {}

/** Who is signed in to this desktop window. Main passes `actor()` to every command. */
export class DesktopSession {
  private staff: StaffMember | null = null;

  constructor(
    private readonly directory: StaffDirectory,
    private readonly localOwner: StaffMember,
  ) {}

  async info(): Promise<SessionInfo> {
    if (!this.staff && !(await this.directory.hasStaff())) this.staff = this.localOwner;
    return this.staff ? { signed_in: true, staff: { ...this.staff } } : { signed_in: false };
  }

  async signIn(pin: unknown): Promise<SessionInfo> {
    if (typeof pin !== 'string' || !/^\d{4,12}$/.test(pin)) throw new SignInError('Enter your staff PIN (4 to 12 digits).');
    const staff = await this.directory.authenticate(pin);
    if (!staff) throw new SignInError('That PIN is not right. Try again, or ask the owner to reset it.');
    this.staff = staff;
    return this.info();
  }

  signOut(): void {
    this.staff = null;
  }

  /** The caller for the bus, or null when nobody is signed in (staff exist and none signed in). */
  async actor(): Promise<Actor | null> {
    const info = await this.info();
    return info.signed_in && this.staff ? { type: 'staff', id: this.staff.id, name: this.staff.name, role: this.staff.role } : null;
  }
}
