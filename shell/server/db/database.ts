import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { DatabaseLockedError, DatabaseUnavailableError } from './errors.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one query interface both drivers give: Drizzle over PGlite or over node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or a transaction: what query helpers take. */
export type Queryable = Db | Tx;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Where the data lives, for logs: a directory or a server (never its password). */
  where: string;
  /**
   * Calls `listener` for every NOTIFY on `channel` from any process (Postgres only: PGlite runs in
   * one process, where the in-process signal is enough). Resolves to the unsubscribe.
   */
  listen?: (channel: string, listener: (payload: string) => void) => Promise<() => Promise<void>>;
  /**
   * Calls `listener` each time the listening connection is back after a loss (a server restart):
   * notifications sent meanwhile were missed, so listeners should catch up. Answers the unsubscribe.
   */
  onListenRestored?: (listener: () => void) => () => void;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A Postgres server (`DATABASE_URL`); when absent, PGlite in `pgliteDir`. */
  url?: string | undefined;
  /** PGlite's data directory, or 'memory' for a throwaway in-memory database (tests). */
  pgliteDir?: string;
  /** A PGlite data directory image to start from (tests start from a migrated template). */
  pgliteImage?: Blob | File;
  /** Largest number of pooled connections to a Postgres server (default 10). */
  poolSize?: number;
  /** Where pool errors (a server restart dropping idle connections) are reported. */
  onPoolError?: (err: Error) => void;
}

/** Runs a raw statement and answers its rows, the same way on both drivers. */
export async function rows<T>(q: Queryable, statement: SQL): Promise<T[]> {
  const result = (await q.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

/**
 * Opens the database: node-postgres when a URL is given, otherwise PGlite in a data directory that
 * only this process may open (a second process gets DatabaseLockedError instead of corrupting it),
 * and applies pending migrations. The two drivers share one schema and one set of migrations.
 */
export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts) : openPglite(opts);
}

async function openPglite(opts: OpenDatabaseOptions): Promise<Database> {
  const dir = opts.pgliteDir ?? 'memory';
  let release: (() => Promise<void>) | null = null;
  if (dir !== 'memory') {
    const path = resolve(dir);
    mkdirSync(dirname(path), { recursive: true });
    mkdirSync(path, { recursive: true });
    try {
      // A lock beside the directory, refreshed while this process lives; a crashed process's lock
      // goes stale and is taken over, a live one refuses.
      release = await lockfile.lock(path, { lockfilePath: `${path}.lock`, stale: 10_000, update: 2_000, realpath: false });
    } catch (err) {
      if ((err as { code?: string }).code === 'ELOCKED') throw new DatabaseLockedError(path);
      throw err;
    }
  }
  try {
    const client = new PGlite({ ...(dir === 'memory' ? {} : { dataDir: resolve(dir) }), ...(opts.pgliteImage ? { loadDataDir: opts.pgliteImage } : {}) });
    await client.waitReady;
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
    return {
      kind: 'pglite',
      db: db as unknown as Db,
      where: dir === 'memory' ? 'PGlite in memory' : `PGlite in ${resolve(dir)}`,
      async close() {
        await client.close();
        await release?.();
        release = null;
      },
    };
  } catch (err) {
    await release?.();
    throw err;
  }
}

/** A lock number all instances agree on, so only one applies migrations at a time. */
const MIGRATION_LOCK = 727_274_001;

async function openPostgres(url: string, opts: OpenDatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle connection dropped by the server (a restart, a failover) must not crash the process:
  // the pool discards it and the next query opens a new one.
  pool.on('error', (err) => opts.onPoolError?.(err));
  // The pool listens for errors only on idle connections. One a request holds between the
  // statements of a transaction has no query to fail when the server drops it, so node-postgres
  // emits 'error' on it, which would end the process without a listener; its next statement fails
  // instead ("database unavailable": the request answers 503) and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const where = describeUrl(url);
  let migrator: pg.PoolClient;
  try {
    migrator = await pool.connect();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(`Could not connect to the Postgres server at ${where}: ${(err as Error).message}. Check DATABASE_URL and that the server is up.`, { cause: err });
  }
  const db = drizzleNodePg({ client: pool, schema });
  try {
    // Several instances may start at once: one applies the migrations, the others wait and find none left.
    await migrator.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // On the connection that holds the lock: a pool of one would otherwise wait for itself.
    await migrateNodePg(drizzleNodePg({ client: migrator }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await migrator.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    migrator.release();
  }
  const listeners = new Map<string, Set<(payload: string) => void>>();
  const restored = new Set<() => void>();
  let listenClient: Promise<pg.Client> | null = null;
  let listenedBefore = false;
  let closed = false;

  /** One connection LISTENs for every channel; it reconnects when the server drops it. */
  const connectListener = (): Promise<pg.Client> => {
    listenClient ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('notification', (n) => {
        for (const listener of listeners.get(n.channel) ?? []) listener(n.payload ?? '');
      });
      const reconnect = () => {
        listenClient = null;
        client.removeAllListeners();
        client.end().catch(() => undefined);
        if (closed || listeners.size === 0) return;
        setTimeout(() => void connectListener().catch(() => undefined), 500).unref();
      };
      client.on('error', reconnect);
      client.on('end', () => {
        if (!closed) reconnect();
      });
      await client.connect();
      for (const channel of listeners.keys()) await client.query(`LISTEN ${quoteIdent(channel)}`);
      if (listenedBefore) for (const listener of restored) listener();
      listenedBefore = true;
      return client;
    })().catch((err: unknown) => {
      listenClient = null;
      if (!closed) setTimeout(() => void connectListener().catch(() => undefined), 1_000).unref();
      throw err;
    });
    return listenClient;
  };

  return {
    kind: 'postgres',
    db: db as unknown as Db,
    where,
    async listen(channel, listener) {
      let set = listeners.get(channel);
      const fresh = !set;
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      const client = await connectListener();
      if (fresh) await client.query(`LISTEN ${quoteIdent(channel)}`);
      return async () => {
        set.delete(listener);
      };
    },
    onListenRestored(listener) {
      restored.add(listener);
      return () => restored.delete(listener);
    },
    async close() {
      closed = true;
      const client = await listenClient?.catch(() => null);
      await client?.end().catch(() => undefined);
      await pool.end();
    },
  };
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** host:port/database of a URL, never its user or password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'an unreadable DATABASE_URL';
  }
}

/** `SELECT pg_notify(channel, payload)` — delivered to listeners when the transaction commits. */
export const notifySql = (channel: string, payload: string) => sql`SELECT pg_notify(${channel}, ${payload})`;
