import { describe, expect, it } from 'vitest';
import { openTestBook, T0 } from '../helpers/book';

const DAY = 86_400_000;

describe('figures: the worked example of scoring.md through the API', () => {
  it('gives Ana, Ben and Cy their figures, kept current write by write', async () => {
    const t = openTestBook();
    await t.ok('settings.update', { currency: 'EUR', locale: 'en-GB' });
    const ana = await t.ok('contacts.create', { kind: 'person', name: 'Ana Lima', source: 'Instagram' });
    const ben = await t.ok('contacts.create', { kind: 'person', name: 'Ben Ode', source: 'referral' });
    const cy = await t.ok('contacts.create', { kind: 'person', name: 'Cy Park', source: 'referral' });
    const at = T0 - 10 * DAY;
    await t.ok('interactions.create', { contactId: ana.id, channel: 'in_person', direction: 'outbound', occurredAt: at, minutes: 120, cost: 1000 });
    await t.ok('purchases.create', { contactId: ana.id, occurredAt: at, amount: 10000 });
    await t.ok('interactions.create', { contactId: ben.id, channel: 'phone', direction: 'outbound', occurredAt: at, minutes: 60 });
    await t.ok('purchases.create', { contactId: ben.id, occurredAt: at, amount: 20000 });
    await t.ok('purchases.create', { contactId: cy.id, occurredAt: at, amount: 8000 });
    await t.ok('referrals.create', { referrerId: ana.id, referredId: ben.id, referredAt: at, status: 'converted' });
    const benCy = await t.ok('referrals.create', { referrerId: ben.id, referredId: cy.id, referredAt: at, status: 'converted' });
    await t.ok('referrals.update', { id: benCy.id, thanked: true });
    await t.ok('timeEntries.create', { activity: 'Posting', source: 'instagram', startedAt: at, minutes: 30 });

    const a = await t.ok('figures.contact', { id: ana.id });
    expect(a.figures).toMatchObject({ invested: 11000, directReturn: 10000, referralReturn: 12000, totalReturn: 22000, net: 11000, ror: 2, returnPerHour: 11000 });
    const b = await t.ok('figures.contact', { id: ben.id });
    expect(b.figures).toMatchObject({ invested: 5000, directReturn: 20000, referralReturn: 4000, totalReturn: 24000, net: 19000, ror: 4.8, returnPerHour: 24000 });
    const c = await t.ok('figures.contact', { id: cy.id });
    expect(c.figures).toMatchObject({ invested: 0, totalReturn: 8000, ror: null, returnPerHour: null });

    const today = await t.ok('today.get', {});
    expect(today.items.map((i) => i.name)).toEqual(['Ana Lima']);
    expect(today.items[0]!.reasons[0]!.text).toBe('referred Ben Ode, not thanked yet');
    expect(today.items[0]!.score).toBeCloseTo(2.5 * (1 + Math.log10(221)), 10);

    // A purchase by Cy flows up two levels: Ben gets half, Ana a quarter.
    await t.ok('purchases.create', { contactId: cy.id, occurredAt: at, amount: 4000 });
    expect((await t.ok('figures.contact', { id: ben.id })).figures.referralReturn).toBe(6000);
    expect((await t.ok('figures.contact', { id: ana.id })).figures.referralReturn).toBe(13000);

    // Ben to the trash: Ana's credit through him is gone; back again, it returns.
    await t.ok('contacts.delete', { id: ben.id });
    expect((await t.ok('figures.contact', { id: ana.id })).figures.referralReturn).toBe(0);
    await t.ok('contacts.restore', { id: ben.id });
    expect((await t.ok('figures.contact', { id: ana.id })).figures.referralReturn).toBe(13000);

    // The hourly rate changes every figure.
    await t.ok('settings.update', { hourlyRate: 10000 });
    expect((await t.ok('figures.contact', { id: ana.id })).figures.invested).toBe(21000);

    // The full recompute gives the same table.
    const before = t.db.prepare('SELECT * FROM contact_figures ORDER BY contact_id').all();
    await t.ok('figures.recompute', {});
    expect(t.db.prepare('SELECT * FROM contact_figures ORDER BY contact_id').all()).toEqual(before);
  });
});
