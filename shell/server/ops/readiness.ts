import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, rows, type Db } from '../db/database.js';

/** How many migrations this build carries (drizzle-kit's journal). */
const expectedMigrations = (): number => (JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;

export type Readiness = { ready: true; migrations: number } | { ready: false; reason: string };

/** Ready when the database answers and has every migration of this build applied. */
export async function checkReadiness(db: Db): Promise<Readiness> {
  const expected = expectedMigrations();
  try {
    const [applied] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
    const n = Number(applied?.n ?? 0);
    if (n < expected) return { ready: false, reason: `the database has ${n} of this build's ${expected} migrations applied` };
    return { ready: true, migrations: n };
  } catch (err) {
    return { ready: false, reason: `the database cannot be reached: ${err instanceof Error ? err.message : String(err)}` };
  }
}
