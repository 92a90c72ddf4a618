import { eq, inArray } from 'drizzle-orm';
import type { PasswordHasher } from '../auth/password.js';
import type { Db } from '../db/database.js';
import { appointments, clients, members, stores } from '../db/schema.js';
import { generateDemoData } from './demo-data.js';
import { DEMO_PASSWORD, DEMO_STORES } from './demo-stores.js';

/** Rows per INSERT: well under Postgres's 65,535 parameters per statement. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Creates each demo store that does not exist yet: the store, its members (all with DEMO_PASSWORD)
 * and its clients and appointments, in one transaction per store. Runs at every start in demo mode
 * and does nothing once the stores exist, so the demo data is seeded once per database.
 * Answers the ids of the stores it created.
 */
export async function seedDemoStores(db: Db, hasher: PasswordHasher, now = new Date()): Promise<string[]> {
  const existing = new Set(
    (await db.select({ id: stores.id }).from(stores).where(inArray(stores.id, DEMO_STORES.map((s) => s.id)))).map((r) => r.id),
  );
  const missing = DEMO_STORES.filter((s) => !existing.has(s.id));
  if (missing.length === 0) return [];
  const passwordHash = await hasher.hash(DEMO_PASSWORD);
  const created: string[] = [];
  for (const demo of missing) {
    const data = generateDemoData({ now, clients: demo.data.clients, appointments: demo.data.appointments, seed: demo.data.seed, idPrefix: demo.data.idPrefix });
    const inserted = await db.transaction(async (tx) => {
      // Another instance starting at the same moment may have seeded it first.
      const [row] = await tx.insert(stores).values({ id: demo.id, tenantId: demo.tenantId, name: demo.name, seq: 1, demo: true, createdAt: now }).onConflictDoNothing().returning({ id: stores.id });
      if (!row) return false;
      await tx.insert(members).values(demo.members.map((m) => ({ ...m, storeId: demo.id, passwordHash, createdAt: now })));
      for (const part of chunks(data.clients)) {
        await tx.insert(clients).values(part.map((c) => ({ ...c, storeId: demo.id, updatedAt: c.createdAt, seq: 1 })));
      }
      for (const part of chunks(data.appointments)) {
        await tx.insert(appointments).values(part.map((a) => ({ ...a, storeId: demo.id, createdAt: now, updatedAt: now, seq: 1 })));
      }
      return true;
    });
    if (inserted) created.push(demo.id);
  }
  return created;
}

/** The demo stores present in the database (production mode refuses to start with any). */
export async function demoStoresPresent(db: Db): Promise<string[]> {
  return (await db.select({ id: stores.id }).from(stores).where(eq(stores.demo, true))).map((r) => r.id);
}
