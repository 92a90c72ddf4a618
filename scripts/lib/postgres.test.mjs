import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startThrowawayCluster } from './postgres.mjs';

const moduleUrl = new URL('./postgres.mjs', import.meta.url).href;

async function query(url, sql, params) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Runs ensurePostgres() in a fresh Node process, as a script would. */
function ensureInChildProcess(env) {
  const code = `const m = await import(${JSON.stringify(moduleUrl)}); console.log(JSON.stringify(await m.ensurePostgres()));`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('startThrowawayCluster', () => {
  let cluster;
  afterAll(() => cluster?.stop());

  it('serves a real database on loopback that keeps its data across a restart and vanishes on stop', async () => {
    cluster = await startThrowawayCluster();
    const { url, port, dataDir } = cluster;
    expect(url).toBe(`postgres://postgres@127.0.0.1:${port}/postgres`);

    const [settings] = await query(url, "SELECT current_setting('listen_addresses') AS listen, current_setting('unix_socket_directories') AS sockets, current_setting('max_connections')::int AS max, current_setting('server_encoding') AS encoding");
    expect(settings).toEqual({ listen: '127.0.0.1', sockets: dataDir, max: expect.any(Number), encoding: 'UTF8' });
    expect(settings.max).toBeGreaterThanOrEqual(100);

    await query(url, 'CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)');
    await query(url, 'INSERT INTO note VALUES ($1, $2)', [1, 'survives a restart']);
    expect(await query(url, 'SELECT body FROM note WHERE id = 1')).toEqual([{ body: 'survives a restart' }]);

    await cluster.restart();
    expect(cluster.port).toBe(port);
    expect(await query(url, 'SELECT body FROM note WHERE id = 1')).toEqual([{ body: 'survives a restart' }]);

    await cluster.stop();
    await cluster.stop();
    await expect(query(url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    expect(existsSync(dataDir)).toBe(false);
    await expect(cluster.restart()).rejects.toThrow(/stopped/);
  }, 30_000);
});

describe('ensurePostgres', () => {
  it('finds a PostgreSQL bin directory holding initdb, pg_ctl and postgres', () => {
    const r = ensureInChildProcess({ POSTGRES_BIN: '' });
    expect(r.status, r.stderr).toBe(0);
    const { bin, version } = JSON.parse(r.stdout.trim().split('\n').at(-1));
    for (const tool of ['initdb', 'pg_ctl', 'postgres']) expect(existsSync(join(bin, tool))).toBe(true);
    expect(version).toMatch(/^\d+(\.\d+)?/);
  });

  it('names the variable to fix when POSTGRES_BIN points at the wrong directory', () => {
    const r = ensureInChildProcess({ POSTGRES_BIN: '/nonexistent/bin' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('POSTGRES_BIN=/nonexistent/bin does not hold initdb, pg_ctl, postgres');
  });
});
