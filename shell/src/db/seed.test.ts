import { describe, expect, it } from 'vitest';
import { openBizDb } from './db';
import { generateDemoData, seedDemoStoreIfNeeded } from './seed';

const now = new Date('2026-11-25T10:00:00Z');

describe('demo data', () => {
  it('is the same on every run for the same day', () => {
    expect(generateDemoData({ now })).toEqual(generateDemoData({ now }));
  });

  it('has ~300 clients and ~600 appointments from 3 weeks ago to 30 days ahead', () => {
    const { clients, appointments } = generateDemoData({ now });
    expect(clients).toHaveLength(300);
    expect(appointments).toHaveLength(600);
    const times = appointments.map((a) => Date.parse(a.scheduledAt));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - 22 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime() + 31 * 86_400_000);
    expect(appointments.some((a) => Date.parse(a.scheduledAt) > now.getTime())).toBe(true);
    expect(appointments.filter((a) => Date.parse(a.scheduledAt) > now.getTime()).every((a) => a.status !== 'completed')).toBe(true);
    expect(clients.every((c) => /@example\.com$/.test(c.email))).toBe(true);
  });

  it('seeds the demo store once and never a real store', async () => {
    const demo = openBizDb(`seed-test-${crypto.randomUUID()}`);
    // The demo store id is what decides; the DB name is irrelevant here.
    expect(await seedDemoStoreIfNeeded(demo, 'store_demo_001', now)).toBe(true);
    expect(await seedDemoStoreIfNeeded(demo, 'store_demo_001', now)).toBe(false);
    expect(await demo.count('clients')).toBe(300);
    const real = openBizDb(`seed-test-${crypto.randomUUID()}`);
    expect(await seedDemoStoreIfNeeded(real, 'store_real_42', now)).toBe(false);
    expect(await real.count('clients')).toBe(0);
  });
});
