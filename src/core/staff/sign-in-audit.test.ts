import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../bus/actor.js';
import { KartuError } from '../kernel/errors.js';
import { CASHIER, OWNER, testEngine, type TestEngine } from '../testing/test-engine.js';

let engine: TestEngine;
beforeEach(async () => {
  engine = await testEngine({ mode: 'live' });
});
afterEach(async () => {
  await engine.close();
});

interface AuditRow {
  seq: number;
  actor_type: string;
  actor_id: string;
  action: string;
  object_id: string | null;
  outcome: string;
  detail: string;
}

/** The sign-in and sign-out entries, oldest first, read straight from the table. */
function sessionEntries(): AuditRow[] {
  return engine.database.sqlite
    .prepare("SELECT seq, actor_type, actor_id, action, object_id, outcome, detail FROM audit_log WHERE action IN ('staff-sign-in', 'staff-sign-out') ORDER BY seq")
    .all() as AuditRow[];
}

function wholeLog(): string {
  return JSON.stringify(engine.database.sqlite.prepare('SELECT * FROM audit_log').all());
}

async function refusal(promise: Promise<unknown>): Promise<KartuError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KartuError);
  return error as KartuError;
}

describe('sign-in and sign-out in the audit trail', () => {
  it('records a PIN sign-in as done by the member who signed in, without the PIN', async () => {
    const budi = await engine.bus.send('staff-create', { name: 'Budi', role: 'cashier', pin: '735193' }, OWNER);
    await engine.bus.send('staff-sign-in', { pin: '735193' }, SYSTEM_ACTOR);
    await engine.bus.send('staff-sign-in', { name: 'budi', pin: '735193' }, SYSTEM_ACTOR);

    const entries = sessionEntries();
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatchObject({ actor_type: 'staff', actor_id: budi.id, action: 'staff-sign-in', object_id: budi.id, outcome: 'ok' });
    }
    expect(JSON.parse(entries[0]!.detail)).toEqual({ method: 'pin', input: { pin: '[redacted]' } });
    expect(JSON.parse(entries[1]!.detail)).toEqual({ method: 'pin', input: { name: 'budi', pin: '[redacted]' } });
    expect(wholeLog()).not.toContain('735193');
    expect((await engine.bus.send('audit-verify', {}, OWNER)).ok).toBe(true);
  });

  it('records every refused sign-in with its reason and the member asked for, never the PIN tried', async () => {
    // Nobody on staff yet.
    expect((await refusal(engine.bus.execute('staff-sign-in', { pin: '111111' }, SYSTEM_ACTOR))).code).toBe('no_staff');
    const sari = await engine.bus.send('staff-create', { name: 'Sari', role: 'manager', pin: '482913' }, OWNER);
    // A wrong PIN for a named member, a wrong PIN alone, and a PIN that is not even digits.
    await refusal(engine.bus.execute('staff-sign-in', { staff_id: sari.id, pin: '902311' }, SYSTEM_ACTOR));
    await refusal(engine.bus.execute('staff-sign-in', { pin: '556677' }, SYSTEM_ACTOR));
    await refusal(engine.bus.execute('staff-sign-in', { pin: 'x9z8' }, SYSTEM_ACTOR));
    // A signed-in member cannot sign others in through the bus: refused, and recorded as theirs.
    expect((await refusal(engine.bus.execute('staff-sign-in', { pin: '482913' }, OWNER))).code).toBe('host_only');

    const entries = sessionEntries();
    expect(entries.map((e) => [e.outcome, JSON.parse(e.detail).code])).toEqual([
      ['refused', 'no_staff'],
      ['refused', 'invalid_pin'],
      ['refused', 'invalid_pin'],
      ['refused', 'invalid_pin'],
      ['refused', 'host_only'],
    ]);
    expect(entries[1]).toMatchObject({ actor_type: 'system', object_id: sari.id });
    expect(JSON.parse(entries[1]!.detail)).toMatchObject({ method: 'pin', param: 'pin', input: { staff_id: sari.id, pin: '[redacted]' } });
    expect(entries[2]!.object_id).toBeNull();
    expect(entries[4]).toMatchObject({ actor_type: 'staff', actor_id: OWNER.id });
    for (const tried of ['111111', '902311', '556677', 'x9z8', '482913']) expect(wholeLog()).not.toContain(tried);
    expect((await engine.bus.send('audit-verify', {}, OWNER)).ok).toBe(true);
  });

  it('records the host vouching for the owner (sign-in link, desktop first start) as a sign-in', async () => {
    const first = await engine.bus.send('staff-ensure-owner', { name: 'Dewi' }, SYSTEM_ACTOR);
    await engine.bus.send('staff-ensure-owner', {}, SYSTEM_ACTOR);
    const entries = sessionEntries();
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatchObject({ actor_type: 'staff', actor_id: first.staff.id, object_id: first.staff.id, outcome: 'ok' });
      expect(JSON.parse(entry.detail).method).toBe('host');
    }
  });

  it('records a sign-out by the member, with why the session ended', async () => {
    const budi = await engine.bus.send('staff-create', { name: 'Budi', role: 'cashier', pin: '7351' }, OWNER);
    const out = await engine.bus.send('staff-sign-out', { staff_id: budi.id }, SYSTEM_ACTOR);
    expect(out).toEqual({ object: 'sign_out', staff_id: budi.id, reason: 'signed_out' });
    await engine.bus.send('staff-update', { id: budi.id, status: 'disabled' }, OWNER);
    // A disabled member's session is ended by the host; still recorded under their name.
    await engine.bus.send('staff-sign-out', { staff_id: budi.id, reason: 'disabled' }, SYSTEM_ACTOR);

    const entries = sessionEntries();
    expect(entries.map((e) => [e.action, e.actor_id, e.object_id, JSON.parse(e.detail).reason])).toEqual([
      ['staff-sign-out', budi.id, budi.id, 'signed_out'],
      ['staff-sign-out', budi.id, budi.id, 'disabled'],
    ]);
    expect(entries[0]!.actor_type).toBe('staff');
  });

  it('refuses a sign-out from anyone but the host, for an unknown member or an unknown reason, writing no entry', async () => {
    const budi = await engine.bus.send('staff-create', { name: 'Budi', role: 'cashier', pin: '7351' }, OWNER);
    expect((await refusal(engine.bus.execute('staff-sign-out', { staff_id: budi.id }, OWNER))).code).toBe('host_only');
    expect((await refusal(engine.bus.execute('staff-sign-out', { staff_id: budi.id }, CASHIER))).type).toBe('permission_error');
    expect(await refusal(engine.bus.execute('staff-sign-out', { staff_id: 'staff_nope' }, SYSTEM_ACTOR))).toMatchObject({ type: 'not_found', param: 'staff_id' });
    expect((await refusal(engine.bus.execute('staff-sign-out', { staff_id: budi.id, reason: 'bored' }, SYSTEM_ACTOR))).param).toBe('reason');
    expect(sessionEntries()).toEqual([]);
  });

  it('writes sign-outs only to live.db, where staff are kept', async () => {
    const sandbox = await testEngine({ mode: 'test' });
    try {
      const error = await refusal(sandbox.bus.execute('staff-sign-out', { staff_id: 'staff_1' }, SYSTEM_ACTOR));
      expect(error.code).toBe('staff_installation_wide');
    } finally {
      await sandbox.close();
    }
  });
});
