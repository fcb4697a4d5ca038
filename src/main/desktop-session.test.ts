import { describe, expect, it } from 'vitest';
import { DesktopSession, NO_STAFF_DIRECTORY, SignInError, type StaffDirectory } from './desktop-session.js';

const OWNER = { id: 'staff_local_owner', name: 'ayu', role: 'owner' as const };

describe('DesktopSession', () => {
  it('without staff records, the OS user is the signed-in owner', async () => {
    const session = new DesktopSession(NO_STAFF_DIRECTORY, OWNER);
    expect(await session.info()).toEqual({ signed_in: true, staff: OWNER });
    expect(await session.actor()).toEqual({ type: 'staff', ...OWNER });
  });

  it('with staff records, nobody is signed in until a right PIN is given', async () => {
    const cashier = { id: 'staff_1', name: 'Budi', role: 'cashier' as const };
    const directory: StaffDirectory = { hasStaff: async () => true, authenticate: async (pin) => (pin === '1234' ? cashier : null) };
    const session = new DesktopSession(directory, OWNER);
    expect(await session.info()).toEqual({ signed_in: false });
    expect(await session.actor()).toBeNull();
    await expect(session.signIn('9999')).rejects.toThrow(SignInError);
    await expect(session.signIn('12')).rejects.toThrow(/4 to 12 digits/);
    await expect(session.signIn({ pin: '1234' })).rejects.toThrow(SignInError);
    expect(await session.signIn('1234')).toEqual({ signed_in: true, staff: cashier });
    expect(await session.actor()).toEqual({ type: 'staff', ...cashier });
    session.signOut();
    expect(await session.actor()).toBeNull();
  });
});
