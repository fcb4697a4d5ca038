import type { Actor, Role } from '../core/bus/actor.js';
import type { SessionInfo } from '../shared/rpc.js';

export interface StaffMember {
  id: string;
  name: string;
  role: Role;
}

/**
 * The staff the desktop signs in, kept by the core (installation-wide, in live.db). The desktop
 * trusts the person at the OS account as the owner while nobody has a PIN, as the headless host
 * trusts its one-time sign-in link; once any staff member has a PIN, everyone signs in with theirs.
 */
export interface StaffDirectory {
  /** True when an active staff member has a PIN: from then on the desktop asks for one. */
  pinRequired(): Promise<boolean>;
  /** The oldest active owner, created (without a PIN) on the first start. */
  ensureOwner(name: string): Promise<StaffMember>;
  /** The member with this PIN; throws the core's error (invalid_pin, naming `pin`) otherwise. */
  authenticate(pin: string): Promise<StaffMember>;
  /** Read on every call, so disabling someone or changing a role takes effect at once. */
  current(id: string): Promise<StaffMember | null>;
  /** Records the sign-out in the audit trail. */
  signOut(id: string): Promise<void>;
}

export class SignInError extends Error {}

/** Failed PINs wait longer each time (up to 5 s): a PIN is short, guessing must be slow. */
export function failureDelayMs(failures: number): number {
  return failures <= 1 ? 0 : Math.min(5000, 250 * 2 ** (failures - 2));
}

/** Who is signed in to this desktop window. Main passes `actor()` to every command. */
export class DesktopSession {
  private staffId: string | null = null;
  private failures = 0;

  constructor(
    private readonly directory: StaffDirectory,
    private readonly osUserName: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  private async member(): Promise<StaffMember | null> {
    if (this.staffId) {
      const current = await this.directory.current(this.staffId);
      if (current) return current;
      this.staffId = null;
    }
    if (await this.directory.pinRequired()) return null;
    const owner = await this.directory.ensureOwner(this.osUserName);
    this.staffId = owner.id;
    return owner;
  }

  async info(): Promise<SessionInfo> {
    const staff = await this.member();
    return staff ? { signed_in: true, staff: { id: staff.id, name: staff.name, role: staff.role } } : { signed_in: false };
  }

  async signIn(pin: unknown): Promise<SessionInfo> {
    if (typeof pin !== 'string') throw new SignInError('Enter your staff PIN.');
    await this.sleep(failureDelayMs(this.failures + 1));
    try {
      const staff = await this.directory.authenticate(pin);
      this.failures = 0;
      this.staffId = staff.id;
    } catch (error) {
      this.failures += 1;
      throw error;
    }
    return this.info();
  }

  /** Signed out at once; the audit entry is written after (a failure to write it is the caller's to log). */
  async signOut(): Promise<void> {
    const id = this.staffId;
    this.staffId = null;
    if (id) await this.directory.signOut(id);
  }

  /** The caller for the bus, or null when nobody is signed in. */
  async actor(): Promise<Actor | null> {
    const staff = await this.member();
    return staff ? { type: 'staff', id: staff.id, name: staff.name, role: staff.role } : null;
  }
}
