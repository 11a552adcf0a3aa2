import { beforeEach, describe, expect, test } from 'vitest';
import type { ErrorCode, ReferralTreeNode } from '../../shared/contract/index';
import { openTestBook, snapshotTables, T0, type TestBook } from '../helpers/book';

let t: TestBook;
beforeEach(() => {
  t = openTestBook();
});

const DAY = 86_400_000;

async function person(name: string) {
  t.clock.advance();
  return (await t.ok('contacts.create', { name })).id;
}

async function refer(referrerId: number, referred: number | string, extra: Record<string, unknown> = {}) {
  t.clock.advance();
  const who = typeof referred === 'number' ? { referredId: referred } : { referredName: referred };
  return t.ok('referrals.create', { referrerId, ...who, referredAt: t.clock.now(), ...extra });
}

/** Asserts a refusal: the right code and field, the database untouched, no event sent, nothing logged. */
async function expectRefused(method: string, input: unknown, code: ErrorCode, field?: string) {
  const before = snapshotTables(t.db);
  const eventsBefore = t.events.length;
  const error = await t.fails(method, input);
  expect(error.code, JSON.stringify(error)).toBe(code);
  expect(error.field).toBe(field);
  expect(error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(error.issues?.[0]?.field).toBe(field);
  expect(snapshotTables(t.db)).toEqual(before);
  expect(t.events.length).toBe(eventsBefore);
  expect(t.logs).toEqual([]);
  return error;
}

/** The tree as nested "name (status)" strings, for short assertions. */
function shape(node: ReferralTreeNode): unknown {
  const label = node.status ? `${node.name} (${node.status})` : node.name;
  return node.children.length === 0 ? label : { [label]: node.children.map(shape) };
}

describe('referrals.create', () => {
  test('an existing contact or a typed name, with defaults; thanked sets thankedAt; an event', async () => {
    const ana = await person('Ana');
    const ben = await person('Ben');
    t.events.length = 0;
    const r1 = await refer(ana, ben, { notes: 'met at the market' });
    expect(r1).toMatchObject({
      referrerId: ana,
      referrerName: 'Ana',
      referredId: ben,
      referredName: 'Ben',
      status: 'pending',
      thanked: false,
      thankedAt: null,
      notes: 'met at the market',
      deletedAt: null,
    });
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'referrals' } }]);
    const r2 = await refer(ana, '  Cy Young ', { thanked: true, status: 'lost' });
    expect(r2).toMatchObject({ referredId: null, referredName: 'Cy Young', status: 'lost', thanked: true, thankedAt: t.clock.now() });
    const converted = await refer(ben, await person('Dee'), { status: 'converted' });
    expect(converted.status).toBe('converted');
  });

  test('bad inputs: field errors, nothing saved', async () => {
    const ana = await person('Ana');
    const gone = await person('Gone');
    await t.ok('contacts.delete', { id: gone });
    const at = T0;
    await expectRefused('referrals.create', { referrerId: ana, referredAt: at }, 'invalid_input', 'referredName');
    await expectRefused('referrals.create', { referrerId: ana, referredName: '   ', referredAt: at }, 'invalid_input', 'referredName');
    await expectRefused('referrals.create', { referrerId: ana, referredName: 'x'.repeat(201), referredAt: at }, 'invalid_input', 'referredName');
    await expectRefused('referrals.create', { referredName: 'Bo', referredAt: at }, 'invalid_input', 'referrerId');
    await expectRefused('referrals.create', { referrerId: 999, referredName: 'Bo', referredAt: at }, 'invalid_input', 'referrerId');
    await expectRefused('referrals.create', { referrerId: gone, referredName: 'Bo', referredAt: at }, 'invalid_input', 'referrerId');
    await expectRefused('referrals.create', { referrerId: ana, referredId: 999, referredAt: at }, 'invalid_input', 'referredId');
    await expectRefused('referrals.create', { referrerId: ana, referredId: gone, referredAt: at }, 'invalid_input', 'referredId');
    await expectRefused('referrals.create', { referrerId: ana, referredName: 'Bo' }, 'invalid_input', 'referredAt');
    await expectRefused('referrals.create', { referrerId: ana, referredName: 'Bo', referredAt: 1.5 }, 'invalid_input', 'referredAt');
    await expectRefused('referrals.create', { referrerId: ana, referredName: 'Bo', referredAt: at, status: 'won' }, 'invalid_input', 'status');
    await expectRefused('referrals.create', { referrerId: ana, referredName: 'Bo', referredAt: at, thanked: 'yes' }, 'invalid_input', 'thanked');
    await expectRefused('referrals.create', { referrerId: ana, referredName: 'Bo', referredAt: at, notes: 'x'.repeat(20001) }, 'invalid_input', 'notes');
    await expectRefused('referrals.create', { referrerId: ana, referredName: 'Bo', referredAt: at, extra: 1 }, 'invalid_input');
    const err = await expectRefused('referrals.create', { referrerId: ana, referredName: 'Bo', referredAt: at, status: 'converted' }, 'invalid_input', 'status');
    expect(err.message).toMatch(/Convert/);
  });

  test('nobody refers themself', async () => {
    const ana = await person('Ana');
    const err = await expectRefused('referrals.create', { referrerId: ana, referredId: ana, referredAt: T0 }, 'invalid_input', 'referredId');
    expect(err.message).toBe('Someone cannot refer themself');
  });

  test('a contact has one referrer', async () => {
    const ana = await person('Ana');
    const ben = await person('Ben');
    const cy = await person('Cy');
    await refer(ana, ben);
    const err = await expectRefused('referrals.create', { referrerId: cy, referredId: ben, referredAt: T0 }, 'invalid_input', 'referredId');
    expect(err.message).toBe('Ben was already referred by Ana');
    // The same referrer twice is still a second referral of Ben.
    await expectRefused('referrals.create', { referrerId: ana, referredId: ben, referredAt: T0 }, 'invalid_input', 'referredId');
    // Typed names are not contacts: the rule does not apply to them.
    await refer(cy, 'Ben');
    await refer(ana, 'Ben');
  });

  test('a direct loop (A→B then B→A) and a long loop (A→B→C then C→A) are refused', async () => {
    const a = await person('Ana');
    const b = await person('Ben');
    const c = await person('Cy');
    await refer(a, b);
    const direct = await expectRefused('referrals.create', { referrerId: b, referredId: a, referredAt: T0 }, 'invalid_input', 'referredId');
    expect(direct.message).toBe('That would make a loop: Ana already brought Ben (directly or through others)');
    await refer(b, c);
    const long = await expectRefused('referrals.create', { referrerId: c, referredId: a, referredAt: T0 }, 'invalid_input', 'referredId');
    expect(long.message).toBe('That would make a loop: Ana already brought Cy (directly or through others)');
    // A branch is fine: Ana brings Dee too, and Cy brings Eve.
    await refer(a, await person('Dee'));
    await refer(c, await person('Eve'));
  });
});

describe('referrals.update', () => {
  test('changes fields, re-runs every check, thanked keeps its first date', async () => {
    const a = await person('Ana');
    const b = await person('Ben');
    const c = await person('Cy');
    const r = await refer(a, 'Bo');
    t.clock.advance();
    const linked = await t.ok('referrals.update', { id: r.id, referredId: b, status: 'converted', thanked: true, notes: 'lunch' });
    expect(linked).toMatchObject({ referredId: b, referredName: 'Ben', status: 'converted', thanked: true, thankedAt: t.clock.now(), notes: 'lunch' });
    const thankedAt = linked.thankedAt;
    t.clock.advance();
    expect((await t.ok('referrals.update', { id: r.id, thanked: true })).thankedAt).toBe(thankedAt);
    expect((await t.ok('referrals.update', { id: r.id, notes: 'x' })).thankedAt).toBe(thankedAt);
    expect(await t.ok('referrals.update', { id: r.id, thanked: false })).toMatchObject({ thanked: false, thankedAt: null });
    // Its own referral is not a second referrer, nor a loop.
    await t.ok('referrals.update', { id: r.id, referredAt: T0 - DAY });

    await refer(b, c);
    await expectRefused('referrals.update', { id: r.id, referredId: a }, 'invalid_input', 'referredId');
    await expectRefused('referrals.update', { id: r.id, referrerId: c }, 'invalid_input', 'referredId'); // Cy → Ben closes Ben → Cy
    await expectRefused('referrals.update', { id: r.id, referrerId: 999 }, 'invalid_input', 'referrerId');
    await expectRefused('referrals.update', { id: r.id, referredId: null }, 'invalid_input', 'status'); // converted needs a contact
    await expectRefused('referrals.update', { id: r.id, referredId: c }, 'invalid_input', 'referredId'); // Cy already has Ben
    await expectRefused('referrals.update', { id: r.id, status: 'maybe' }, 'invalid_input', 'status');
    await expectRefused('referrals.update', { id: 999, notes: '' }, 'not_found');
    await expectRefused('referrals.update', { notes: '' }, 'invalid_input', 'id');
    const pending = await refer(a, 'Zed');
    await expectRefused('referrals.update', { id: pending.id, referredName: '' }, 'invalid_input', 'referredName');
    await t.ok('referrals.delete', { id: pending.id });
    await expectRefused('referrals.update', { id: pending.id, notes: 'x' }, 'conflict');
  });
});

describe('referrals.convert', () => {
  test('links an existing contact', async () => {
    const a = await person('Ana');
    const b = await person('Ben');
    const r = await refer(a, 'Benny');
    t.events.length = 0;
    const converted = await t.ok('referrals.convert', { id: r.id, contactId: b });
    expect(converted).toMatchObject({ status: 'converted', referredId: b, referredName: 'Ben' });
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'referrals' } }]);
    await expectRefused('referrals.convert', { id: r.id, contactId: b }, 'conflict');
  });

  test('creates the contact from the name: a customer from a referral, searchable', async () => {
    const a = await person('Ana');
    const r = await refer(a, 'Zoë Quill');
    t.events.length = 0;
    const converted = await t.ok('referrals.convert', { id: r.id });
    expect(converted.status).toBe('converted');
    expect(converted.referredId).not.toBeNull();
    const contact = await t.ok('contacts.get', { id: converted.referredId! });
    expect(contact).toMatchObject({ kind: 'person', name: 'Zoë Quill', source: 'referral', stage: 'customer' });
    expect((await t.ok('contacts.list', { query: 'quill' })).rows.map((row) => row.id)).toEqual([contact.id]);
    expect(t.events).toEqual([
      { name: 'changed', payload: { area: 'contacts' } },
      { name: 'changed', payload: { area: 'referrals' } },
    ]);
    expect((await t.ok('referrals.tree', { id: a })).root.children).toEqual([
      { contactId: contact.id, name: 'Zoë Quill', referralId: r.id, status: 'converted', thanked: false, children: [] },
    ]);
  });

  test('a pending referral already linked converts to its contact', async () => {
    const a = await person('Ana');
    const b = await person('Ben');
    const r = await refer(a, b);
    expect(await t.ok('referrals.convert', { id: r.id, contactId: null })).toMatchObject({ status: 'converted', referredId: b });
    expect((await t.ok('contacts.list', { query: '', limit: 50 })).total).toBe(2);
  });

  test('refusals: not pending, a loop, a second referrer, self, unknown, in the trash', async () => {
    const a = await person('Ana');
    const b = await person('Ben');
    const c = await person('Cy');
    await refer(a, b);
    const lost = await refer(b, 'Lou', { status: 'lost' });
    await expectRefused('referrals.convert', { id: lost.id }, 'conflict');
    const fromB = await refer(b, 'Anna');
    const loop = await expectRefused('referrals.convert', { id: fromB.id, contactId: a }, 'invalid_input', 'contactId');
    expect(loop.message).toMatch(/loop/);
    const fromC = await refer(c, 'Bennie');
    const second = await expectRefused('referrals.convert', { id: fromC.id, contactId: b }, 'invalid_input', 'contactId');
    expect(second.message).toBe('Ben was already referred by Ana');
    await expectRefused('referrals.convert', { id: fromC.id, contactId: c }, 'invalid_input', 'contactId');
    await expectRefused('referrals.convert', { id: fromC.id, contactId: 999 }, 'invalid_input', 'contactId');
    await expectRefused('referrals.convert', { id: 999 }, 'not_found');
    await t.ok('referrals.delete', { id: fromC.id });
    await expectRefused('referrals.convert', { id: fromC.id }, 'conflict');
    // A referrer in the trash: converting would create a contact for nobody; refused before creating it.
    const fromD = await refer(await person('Dee'), 'Ed');
    await t.ok('contacts.delete', { id: fromD.referrerId });
    await expectRefused('referrals.convert', { id: fromD.id }, 'invalid_input', 'referrerId');
  });
});

describe('delete and restore', () => {
  test('to the trash and back, with events; restore re-checks one referrer and loops', async () => {
    const a = await person('Ana');
    const b = await person('Ben');
    const c = await person('Cy');
    const ab = await refer(a, b);
    t.events.length = 0;
    const deleted = await t.ok('referrals.delete', { id: ab.id });
    expect(deleted.deletedAt).toBe(t.clock.now());
    expect(t.events).toEqual([{ name: 'changed', payload: { area: 'referrals' } }]);
    expect((await t.ok('referrals.list', {})).items).toEqual([]);
    expect((await t.ok('referrals.tree', { id: a })).root.children).toEqual([]);
    expect((await t.ok('referrals.delete', { id: ab.id })).deletedAt).toBe(deleted.deletedAt); // already there
    expect((await t.ok('referrals.restore', { id: ab.id })).deletedAt).toBeNull();
    expect((await t.ok('referrals.restore', { id: ab.id })).deletedAt).toBeNull(); // already back

    // Ben gets another referrer while the first referral is in the trash: it cannot come back.
    await t.ok('referrals.delete', { id: ab.id });
    const cb = await refer(c, b);
    const err = await expectRefused('referrals.restore', { id: ab.id }, 'conflict');
    expect(err.message).toMatch(/Ben has been referred by Cy/);
    // And a loop: with Cy → Ben gone and Ben → Ana made, Ana → Ben cannot come back.
    await t.ok('referrals.delete', { id: cb.id });
    await refer(b, a);
    const loop = await expectRefused('referrals.restore', { id: ab.id }, 'conflict');
    expect(loop.message).toMatch(/loop/);

    await expectRefused('referrals.delete', { id: 999 }, 'not_found');
    await expectRefused('referrals.restore', { id: 999 }, 'not_found');
    await expectRefused('referrals.delete', { id: 'x' }, 'invalid_input', 'id');
  });
});

describe('referrals.list', () => {
  test('newest first, by status, paged; referrals naming a trashed contact do not count', async () => {
    const a = await person('Ana');
    const b = await person('Ben');
    const r1 = await refer(a, b, { referredAt: T0 - 3 * DAY, status: 'converted' });
    const r2 = await refer(a, 'Bo', { referredAt: T0 - DAY });
    const r3 = await refer(b, 'Cy', { referredAt: T0 - 2 * DAY, status: 'lost' });
    const ids = async (input: Record<string, unknown>) => (await t.ok('referrals.list', input)).items.map((r) => r.id);
    expect(await ids({})).toEqual([r2.id, r3.id, r1.id]);
    expect(await ids({ status: 'pending' })).toEqual([r2.id]);
    expect(await ids({ status: 'converted' })).toEqual([r1.id]);
    expect(await ids({ offset: 1, limit: 1 })).toEqual([r3.id]);
    expect((await t.ok('referrals.list', { limit: 1 })).total).toBe(3);
    await t.ok('contacts.delete', { id: b });
    expect(await ids({})).toEqual([r2.id]);
    await t.ok('contacts.restore', { id: b });
    expect(await ids({})).toEqual([r2.id, r3.id, r1.id]);
    await expectRefused('referrals.list', { status: 'won' }, 'invalid_input', 'status');
    await expectRefused('referrals.list', { limit: 0 }, 'invalid_input', 'limit');
  });
});

describe('referrals.tree', () => {
  test('three levels with a pending leaf, who referred whom, trashed contacts and referrals left out', async () => {
    const ana = await person('Ana');
    const ben = await person('Ben');
    const cy = await person('Cy');
    const dee = await person('Dee');
    const zed = await person('Zed');
    await refer(zed, ana, { status: 'converted' });
    const ab = await refer(ana, ben, { status: 'converted', thanked: true });
    await refer(ben, cy, { status: 'converted' });
    const cyPending = await refer(cy, 'Dora');
    await refer(ana, dee, { status: 'lost' });
    const tree = await t.ok('referrals.tree', { id: ana });
    expect(tree.referredBy).toMatchObject({ contactId: zed, name: 'Zed' });
    expect(shape(tree.root)).toEqual({ Ana: [{ 'Ben (converted)': [{ 'Cy (converted)': ['Dora (pending)'] }] }, 'Dee (lost)'] });
    expect(tree.root.children[0]).toMatchObject({ contactId: ben, referralId: ab.id, thanked: true });
    expect(tree.root.children[0]!.children[0]!.children[0]).toEqual({ contactId: null, name: 'Dora', referralId: cyPending.id, status: 'pending', thanked: false, children: [] });
    expect((await t.ok('referrals.tree', { id: cy })).referredBy).toMatchObject({ contactId: ben, name: 'Ben' });

    // A contact in the trash counts as if it did not exist: Ben and what hangs under him leave Ana's tree.
    await t.ok('contacts.delete', { id: ben });
    expect(shape((await t.ok('referrals.tree', { id: ana })).root)).toEqual({ Ana: ['Dee (lost)'] });
    expect((await t.ok('referrals.tree', { id: cy })).referredBy).toBeNull();
    // ...but Ben still holds Cy's one-referrer place, so restoring Ben can never break the forest.
    const held = await expectRefused('referrals.create', { referrerId: dee, referredId: cy, referredAt: T0 }, 'invalid_input', 'referredId');
    expect(held.message).toBe('Cy was already referred by Ben, who is in the trash');
    await t.ok('contacts.restore', { id: ben });
    expect(shape((await t.ok('referrals.tree', { id: ana })).root)).toEqual({ Ana: [{ 'Ben (converted)': [{ 'Cy (converted)': ['Dora (pending)'] }] }, 'Dee (lost)'] });

    // A referral in the trash leaves the tree too.
    await t.ok('referrals.delete', { id: cyPending.id });
    expect(shape((await t.ok('referrals.tree', { id: cy })).root)).toEqual('Cy');
    await expectRefused('referrals.tree', { id: 999 }, 'not_found');
  });

  test('stops six levels below the root', async () => {
    const ids = [];
    for (let i = 0; i < 9; i++) ids.push(await person(`P${i}`));
    for (let i = 0; i < 8; i++) await refer(ids[i]!, ids[i + 1]!);
    let node = (await t.ok('referrals.tree', { id: ids[0]! })).root;
    let depth = 0;
    while (node.children[0]) {
      node = node.children[0];
      depth++;
    }
    expect(depth).toBe(6);
    expect(node.name).toBe('P6');
  });

  test('a contact with no referrals has a bare root', async () => {
    const ana = await person('Ana');
    expect(await t.ok('referrals.tree', { id: ana })).toEqual({
      referredBy: null,
      root: { contactId: ana, name: 'Ana', referralId: null, status: null, thanked: false, children: [] },
    });
  });
});

describe('purging a contact', () => {
  test('takes its referrals with it and frees the one-referrer place', async () => {
    const a = await person('Ana');
    const b = await person('Ben');
    const c = await person('Cy');
    await refer(a, b);
    await t.ok('contacts.delete', { id: a });
    await t.ok('contacts.purge', { id: a });
    expect((await t.ok('referrals.list', {})).total).toBe(0);
    await refer(c, b);
    expect((await t.ok('referrals.tree', { id: b })).referredBy).toMatchObject({ name: 'Cy' });
  });
});
