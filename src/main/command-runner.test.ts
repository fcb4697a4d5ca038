import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Kartu } from '../core/kartu.js';
import { silentLogger } from '../core/kernel/logger.js';
import { tableCounts, testEngine, type TestEngine } from '../core/testing/test-engine.js';
import { IPC_COMMANDS } from '../shared/ipc-contract.js';
import { handlers } from '../core/handlers.js';
import { runCommand } from './command-runner.js';
import { DesktopSession, NO_STAFF_DIRECTORY, type StaffDirectory } from './desktop-session.js';

let sandbox: TestEngine;
let live: TestEngine;
let kartu: Kartu;
const owner = new DesktopSession(NO_STAFF_DIRECTORY, { id: 'staff_local_owner', name: 'Owner', role: 'owner' });

beforeEach(async () => {
  sandbox = await testEngine({ mode: 'test' });
  live = await testEngine({ mode: 'live' });
  kartu = { engine: (mode: 'test' | 'live') => (mode === 'live' ? live : sandbox) } as unknown as Kartu;
});
afterEach(async () => {
  await sandbox.close();
  await live.close();
});

describe('the IPC contract', () => {
  it('lists only real engine commands, each once', () => {
    for (const name of IPC_COMMANDS) expect(Object.hasOwn(handlers, name), name).toBe(true);
    expect(new Set(IPC_COMMANDS).size).toBe(IPC_COMMANDS.length);
  });
});

describe('runCommand (one IPC call)', () => {
  it('forwards to the chosen database as the signed-in staff member', async () => {
    const created = await runCommand(kartu, owner, silentLogger, 'program-create', { name: 'Kopi Nusantara', kind: 'loyalty', currency: 'IDR' }, 'test');
    expect(created).toMatchObject({ ok: true, result: { object: 'program', name: 'Kopi Nusantara' } });
    const inSandbox = await runCommand(kartu, owner, silentLogger, 'program-list', {}, 'test');
    const inLive = await runCommand(kartu, owner, silentLogger, 'program-list', {}, 'live');
    expect(inSandbox).toMatchObject({ ok: true, result: { data: [{ name: 'Kopi Nusantara' }] } });
    expect(inLive).toMatchObject({ ok: true, result: { data: [] } });
  });

  it('answers bad input with the error shape naming the field, and writes nothing', async () => {
    const before = await tableCounts(sandbox);
    const answer = await runCommand(kartu, owner, silentLogger, 'program-create', { name: 'X', kind: 'loyalty', currency: 'idr' }, 'test');
    expect(answer).toMatchObject({ ok: false, error: { type: 'invalid_request_error', param: 'currency' } });
    expect(await tableCounts(sandbox)).toEqual(before);
  });

  it('refuses an unknown mode and a caller who is not signed in', async () => {
    expect(await runCommand(kartu, owner, silentLogger, 'program-list', {}, 'prod')).toMatchObject({ ok: false, error: { param: 'mode' } });
    const locked: StaffDirectory = { hasStaff: async () => true, authenticate: async () => null };
    const nobody = new DesktopSession(locked, { id: 'x', name: 'x', role: 'owner' });
    expect(await runCommand(kartu, nobody, silentLogger, 'program-list', {}, 'test')).toMatchObject({ ok: false, error: { type: 'authentication_error' } });
  });

  it('lets the core enforce roles: a cashier cannot create a program', async () => {
    const cashierDir: StaffDirectory = { hasStaff: async () => true, authenticate: async () => ({ id: 'staff_c', name: 'Budi', role: 'cashier' }) };
    const cashier = new DesktopSession(cashierDir, { id: 'x', name: 'x', role: 'owner' });
    await cashier.signIn('1234');
    const answer = await runCommand(kartu, cashier, silentLogger, 'program-create', { name: 'X', kind: 'loyalty', currency: 'IDR' }, 'test');
    expect(answer).toMatchObject({ ok: false, error: { type: 'permission_error' } });
  });
});
