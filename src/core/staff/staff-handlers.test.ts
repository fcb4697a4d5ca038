import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KartuError } from '../kernel/errors.js';
import { SYSTEM_ACTOR } from '../bus/actor.js';
import { CASHIER, MANAGER, OWNER, tableCounts, testEngine, type TestEngine } from '../testing/test-engine.js';
import { verifyPin } from '../security/secrets.js';
import { pinMatches } from './pin.js';
import { staffActor, hasStaff } from './staff-actor.js';
import { modeForCommand } from './staff-handlers.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine({ mode: 'live' });
});
afterEach(async () => {
  await engine.close();
});

async function refused(promise: Promise<unknown>): Promise<KartuError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KartuError);
  return error as KartuError;
}

describe('staff', () => {
  it('are created by an owner with a hashed PIN and sign in by PIN alone or with their id', async () => {
    const sari = await engine.bus.send('staff-create', { name: 'Sari', role: 'manager', pin: '482913' }, OWNER);
    const budi = await engine.bus.send('staff-create', { name: 'Budi', role: 'cashier', pin: '7351' }, OWNER);
    expect(sari).toMatchObject({ object: 'staff', name: 'Sari', role: 'manager', status: 'active', has_pin: true });
    const row = await engine.services.db.selectFrom('staff').selectAll().where('id', '=', budi.id).executeTakeFirstOrThrow();
    expect(row.pin_hash).not.toContain('7351');
    expect(verifyPin('7351', row.pin_hash)).toBe(true);
    expect(await pinMatches('7351', row.pin_hash)).toBe(true);
    expect(JSON.stringify(engine.database.sqlite.prepare('SELECT * FROM audit_log').all())).not.toContain('7351');

    expect(await engine.bus.send('staff-sign-in', { pin: '7351' }, SYSTEM_ACTOR)).toEqual({ type: 'staff', id: budi.id, name: 'Budi', role: 'cashier' });
    expect(await engine.bus.send('staff-sign-in', { staff_id: sari.id, pin: '482913' }, SYSTEM_ACTOR)).toMatchObject({ id: sari.id, role: 'manager' });
    expect(await engine.bus.send('staff-sign-in', { name: 'sari', pin: '482913' }, SYSTEM_ACTOR)).toMatchObject({ id: sari.id });
    const wrong = await refused(engine.bus.execute('staff-sign-in', { staff_id: sari.id, pin: '7351' }, SYSTEM_ACTOR));
    expect(wrong).toMatchObject({ type: 'authentication_error', code: 'invalid_pin', param: 'pin' });
    expect((await refused(engine.bus.execute('staff-sign-in', { pin: 'abcd' }, SYSTEM_ACTOR))).code).toBe('invalid_pin');
    expect(await staffActor(engine.services.db, budi.id)).toEqual({ type: 'staff', id: budi.id, name: 'Budi', role: 'cashier' });
  });

  it('refuses bad PINs and names by field, and a PIN another member uses, writing nothing', async () => {
    await engine.bus.send('staff-create', { name: 'Sari', role: 'manager', pin: '4829' }, OWNER);
    const before = await tableCounts(engine);
    for (const pin of ['123', '123456789', '12a4', '']) {
      expect((await refused(engine.bus.execute('staff-create', { name: 'X', role: 'cashier', pin }, OWNER))).param).toBe('pin');
    }
    expect((await refused(engine.bus.execute('staff-create', { name: ' ', role: 'cashier', pin: '1111' }, OWNER))).param).toBe('name');
    expect((await refused(engine.bus.execute('staff-create', { name: 'X', role: 'boss', pin: '1111' }, OWNER))).param).toBe('role');
    const taken = await refused(engine.bus.execute('staff-create', { name: 'X', role: 'cashier', pin: '4829' }, OWNER));
    expect(taken).toMatchObject({ code: 'pin_in_use', param: 'pin' });
    expect(await tableCounts(engine)).toEqual(before);
  });

  it('are managed by owners only; managers may list them', async () => {
    expect((await refused(engine.bus.execute('staff-create', { name: 'X', role: 'cashier', pin: '1111' }, MANAGER))).type).toBe('permission_error');
    expect((await refused(engine.bus.execute('staff-create', { name: 'X', role: 'cashier', pin: '1111' }, CASHIER))).type).toBe('permission_error');
    expect((await engine.bus.send('staff-list', {}, MANAGER)).data).toEqual([]);
    expect((await refused(engine.bus.execute('staff-list', {}, CASHIER))).type).toBe('permission_error');
    // Signing in and the first owner are the host's business, not a signed-in member's.
    expect((await refused(engine.bus.execute('staff-sign-in', { pin: '1111' }, OWNER))).code).toBe('host_only');
    expect((await refused(engine.bus.execute('staff-ensure-owner', {}, OWNER))).code).toBe('host_only');
  });

  it('live in live.db only', async () => {
    const sandbox = await testEngine({ mode: 'test' });
    try {
      const error = await refused(sandbox.bus.execute('staff-create', { name: 'X', role: 'cashier', pin: '1111' }, OWNER));
      expect(error.code).toBe('staff_installation_wide');
    } finally {
      await sandbox.close();
    }
    expect(modeForCommand('staff-list', 'test')).toBe('live');
    expect(modeForCommand('program-list', 'test')).toBe('test');
  });

  it('update name, role, PIN and status, but never remove the last owner', async () => {
    const { staff: owner } = await engine.bus.send('staff-ensure-owner', {}, SYSTEM_ACTOR);
    const budi = await engine.bus.send('staff-create', { name: 'Budi', role: 'cashier', pin: '7351' }, OWNER);
    const last = await refused(engine.bus.execute('staff-update', { id: owner.id, role: 'manager' }, OWNER));
    expect(last).toMatchObject({ code: 'last_owner', param: 'role' });
    expect((await refused(engine.bus.execute('staff-update', { id: owner.id, status: 'disabled' }, OWNER))).param).toBe('status');
    await engine.bus.send('staff-update', { id: budi.id, role: 'owner', pin: '9024', name: 'Budi S.' }, OWNER);
    const demoted = await engine.bus.send('staff-update', { id: owner.id, role: 'manager' }, OWNER);
    expect(demoted.role).toBe('manager');
    expect((await refused(engine.bus.execute('staff-sign-in', { pin: '7351' }, SYSTEM_ACTOR))).code).toBe('invalid_pin');
    expect(await engine.bus.send('staff-sign-in', { pin: '9024' }, SYSTEM_ACTOR)).toMatchObject({ name: 'Budi S.', role: 'owner' });
    await engine.bus.send('staff-create', { name: 'Ani', role: 'owner', pin: '5555' }, OWNER);
    const disabled = await engine.bus.send('staff-update', { id: budi.id, status: 'disabled' }, OWNER);
    expect(disabled.status).toBe('disabled');
    expect(await staffActor(engine.services.db, budi.id)).toBeUndefined();
    expect((await refused(engine.bus.execute('staff-sign-in', { pin: '9024' }, SYSTEM_ACTOR))).code).toBe('invalid_pin');
    expect((await refused(engine.bus.execute('staff-update', { id: 'staff_nope', name: 'X' }, OWNER))).type).toBe('not_found');
  });

  it('start with no one: sign-in says so, and ensure-owner makes one owner without a PIN, once', async () => {
    expect(await hasStaff(engine.services.db)).toBe(false);
    expect((await refused(engine.bus.execute('staff-sign-in', { pin: '1234' }, SYSTEM_ACTOR))).code).toBe('no_staff');
    const first = await engine.bus.send('staff-ensure-owner', { name: 'Demo owner' }, SYSTEM_ACTOR);
    expect(first.created).toBe(true);
    expect(first.staff).toMatchObject({ name: 'Demo owner', role: 'owner', has_pin: false });
    expect(first.actor).toEqual({ type: 'staff', id: first.staff.id, name: 'Demo owner', role: 'owner' });
    const again = await engine.bus.send('staff-ensure-owner', {}, SYSTEM_ACTOR);
    expect(again).toMatchObject({ created: false, staff: { id: first.staff.id } });
    // No PIN matches an owner who has none yet.
    expect((await refused(engine.bus.execute('staff-sign-in', { staff_id: first.staff.id, pin: '0000' }, SYSTEM_ACTOR))).code).toBe('invalid_pin');
    await engine.bus.send('staff-update', { id: first.staff.id, pin: '2580' }, first.actor);
    expect(await engine.bus.send('staff-sign-in', { pin: '2580' }, SYSTEM_ACTOR)).toMatchObject({ id: first.staff.id });
  });
});
