import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../core/kernel/errors.js';
import { coreStaffDirectory } from './core-staff-directory.js';
import { DesktopSession, failureDelayMs } from './desktop-session.js';
import { testKartu, type TestKartu } from './test-kartu.js';

let kartu: TestKartu;
const noWait = async () => undefined;
beforeEach(async () => {
  kartu = await testKartu();
});
afterEach(() => kartu.close());

describe('DesktopSession over the core staff commands', () => {
  it('while nobody has a PIN, the OS user is the owner (created once, on the first start)', async () => {
    const session = new DesktopSession(coreStaffDirectory(kartu), 'ayu', noWait);
    const info = await session.info();
    expect(info).toMatchObject({ signed_in: true, staff: { name: 'ayu', role: 'owner' } });
    const again = new DesktopSession(coreStaffDirectory(kartu), 'someone-else', noWait);
    expect((await again.info()).staff?.id).toBe(info.staff?.id);
    expect(await session.actor()).toMatchObject({ type: 'staff', role: 'owner', name: 'ayu' });
  });

  it('once staff have PINs, asks for one; a wrong PIN is refused by name; the right one signs in', async () => {
    const first = new DesktopSession(coreStaffDirectory(kartu), 'ayu', noWait);
    const owner = (await first.actor())!;
    await kartu.live.bus.send('staff-update', { id: owner.id, pin: '2468' }, owner);
    const cashier = await kartu.live.bus.send('staff-create', { name: 'Budi', role: 'cashier', pin: '1357' }, owner);

    const session = new DesktopSession(coreStaffDirectory(kartu), 'ayu', noWait);
    expect(await session.info()).toEqual({ signed_in: false });
    expect(await session.actor()).toBeNull();
    const wrong = await session.signIn('0000').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(KartuError);
    expect(wrong).toMatchObject({ code: 'invalid_pin', param: 'pin' });
    expect(await session.signIn('1357')).toMatchObject({ signed_in: true, staff: { id: cashier.id, role: 'cashier' } });

    // Disabled by the owner: the next call finds nobody signed in.
    await kartu.live.bus.send('staff-update', { id: cashier.id, status: 'disabled' }, owner);
    expect(await session.actor()).toBeNull();
  });

  it('slows down repeated wrong PINs', async () => {
    const waits: number[] = [];
    const first = new DesktopSession(coreStaffDirectory(kartu), 'ayu', noWait);
    const owner = (await first.actor())!;
    await kartu.live.bus.send('staff-update', { id: owner.id, pin: '2468' }, owner);
    const session = new DesktopSession(coreStaffDirectory(kartu), 'ayu', async (ms) => {
      waits.push(ms);
    });
    for (let i = 0; i < 4; i += 1) await session.signIn('0000').catch(() => undefined);
    await session.signIn('2468');
    expect(waits).toEqual([0, 250, 500, 1000, 2000]);
    expect(failureDelayMs(50)).toBe(5000);
  });

  it('audits signing in by PIN (right or wrong) and signing out, by the member', async () => {
    const first = new DesktopSession(coreStaffDirectory(kartu), 'ayu', noWait);
    const owner = (await first.actor())!;
    await kartu.live.bus.send('staff-update', { id: owner.id, pin: '2468' }, owner);
    const session = new DesktopSession(coreStaffDirectory(kartu), 'ayu', noWait);
    await session.signIn('9999').catch(() => undefined);
    await session.signIn('2468');
    await session.signOut();
    expect(await session.info()).toEqual({ signed_in: false });
    const trail = await kartu.live.services.db
      .selectFrom('audit_log').select(['action', 'actor_id', 'outcome']).where('action', 'in', ['staff-sign-in', 'staff-sign-out']).orderBy('seq', 'asc').execute();
    // The first start's owner (vouched for by the OS account), the wrong PIN, the right one, the sign-out.
    expect(trail).toEqual([
      { action: 'staff-sign-in', actor_id: owner.id, outcome: 'ok' },
      { action: 'staff-sign-in', actor_id: 'system', outcome: 'refused' },
      { action: 'staff-sign-in', actor_id: owner.id, outcome: 'ok' },
      { action: 'staff-sign-out', actor_id: owner.id, outcome: 'ok' },
    ]);
  });
});
