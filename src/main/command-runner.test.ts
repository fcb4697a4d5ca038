import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handlers } from '../core/handlers.js';
import { silentLogger } from '../core/kernel/logger.js';
import { tableCounts } from '../core/testing/test-engine.js';
import { IPC_COMMANDS } from '../shared/ipc-contract.js';
import { runCommand } from './command-runner.js';
import { coreStaffDirectory } from './core-staff-directory.js';
import { DesktopSession } from './desktop-session.js';
import { testKartu, type TestKartu } from './test-kartu.js';

let kartu: TestKartu;
let owner: DesktopSession;
const noWait = async () => undefined;

beforeEach(async () => {
  kartu = await testKartu();
  owner = new DesktopSession(coreStaffDirectory(kartu), 'ayu', noWait);
});
afterEach(() => kartu.close());

describe('the IPC contract', () => {
  it('lists only real engine commands, each once, and none of the host-only sign-in commands', () => {
    for (const name of IPC_COMMANDS) expect(Object.hasOwn(handlers, name), name).toBe(true);
    expect(new Set(IPC_COMMANDS).size).toBe(IPC_COMMANDS.length);
    expect(IPC_COMMANDS).not.toContain('staff-sign-in');
    expect(IPC_COMMANDS).not.toContain('staff-ensure-owner');
  });
});

describe('runCommand (one IPC call)', () => {
  it('forwards to the chosen database as the signed-in staff member', async () => {
    const created = await runCommand(kartu, owner, silentLogger, 'program-create', { name: 'Kopi Nusantara', kind: 'loyalty', currency: 'IDR' }, 'test');
    expect(created).toMatchObject({ ok: true, result: { object: 'program', name: 'Kopi Nusantara', livemode: false } });
    expect(await runCommand(kartu, owner, silentLogger, 'program-list', {}, 'test')).toMatchObject({ ok: true, result: { data: [{ name: 'Kopi Nusantara' }] } });
    expect(await runCommand(kartu, owner, silentLogger, 'program-list', {}, 'live')).toMatchObject({ ok: true, result: { data: [] } });
  });

  it('sends staff commands to live.db whatever the screen shows (staff are installation-wide)', async () => {
    const answer = await runCommand(kartu, owner, silentLogger, 'staff-list', {}, 'test');
    expect(answer).toMatchObject({ ok: true, result: { data: [{ name: 'ayu', role: 'owner' }] } });
  });

  it('answers bad input with the error shape naming the field, and writes nothing', async () => {
    await owner.info();
    const before = await tableCounts(kartu.sandbox);
    const answer = await runCommand(kartu, owner, silentLogger, 'program-create', { name: 'X', kind: 'loyalty', currency: 'idr' }, 'test');
    expect(answer).toMatchObject({ ok: false, error: { type: 'invalid_request_error', param: 'currency' } });
    expect(await tableCounts(kartu.sandbox)).toEqual(before);
  });

  it('refuses an unknown mode, and a caller who is not signed in', async () => {
    expect(await runCommand(kartu, owner, silentLogger, 'program-list', {}, 'prod')).toMatchObject({ ok: false, error: { param: 'mode' } });
    const ownerActor = (await owner.actor())!;
    await kartu.live.bus.send('staff-update', { id: ownerActor.id, pin: '2468' }, ownerActor);
    const nobody = new DesktopSession(coreStaffDirectory(kartu), 'ayu', noWait);
    expect(await runCommand(kartu, nobody, silentLogger, 'program-list', {}, 'test')).toMatchObject({ ok: false, error: { type: 'authentication_error' } });
  });

  it('lets the core enforce roles: a signed-in cashier cannot create a program', async () => {
    const ownerActor = (await owner.actor())!;
    await kartu.live.bus.send('staff-create', { name: 'Budi', role: 'cashier', pin: '1357' }, ownerActor);
    const cashier = new DesktopSession(coreStaffDirectory(kartu), 'ayu', noWait);
    await cashier.signIn('1357');
    const answer = await runCommand(kartu, cashier, silentLogger, 'program-create', { name: 'X', kind: 'loyalty', currency: 'IDR' }, 'test');
    expect(answer).toMatchObject({ ok: false, error: { type: 'permission_error' } });
  });
});
