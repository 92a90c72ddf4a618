import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './testing/free-port.js';
import { ROOT, startProcess } from './testing/processes.js';
import { openTestDatabase, testDatabaseKind } from './testing/test-database.js';
import { TEST_SECRETS } from './testing/test-server.js';

const scratch = mkdtempSync(join(tmpdir(), 'mango-main-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const login = (url: string) =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@demo.mango', password: 'mango-demo-2026' }),
  });

const runMain = (env: Record<string, string>) =>
  spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['shell/server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...TEST_SECRETS, BIZ_DEV_MODE: '1', SHELL_PORT: '0', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

// Each test starts a real tsx process (and PGlite runs initdb on a new directory): seconds each.
describe.runIf(testDatabaseKind() === 'pglite')('main.ts on PGlite (the `serve` script)', { timeout: 90_000 }, () => {
  it('starts on SHELL_PORT with its data in BIZ_PGLITE_DIR, serves the shell and the API, refuses a second process on the same directory, and exits cleanly on SIGTERM', async () => {
    const dist = mkdtempSync(join(scratch, 'dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Built shell</title>');
    const dataDir = join(scratch, 'pglite-a');
    const port = await freePort();
    const proc = await startProcess('shell/server/main.ts', { ...TEST_SECRETS, BIZ_DEV_MODE: '1', SHELL_PORT: String(port), SHELL_DIST: dist, BIZ_PGLITE_DIR: dataDir }, port, '/runtime-config.json');
    try {
      expect(proc.output()).toContain(`http://127.0.0.1:${port}`);
      expect(proc.output()).toContain(`PGlite in ${dataDir}`);
      expect(await (await fetch(`${proc.url}/clients`)).text()).toContain('Built shell');
      expect((await login(proc.url)).status).toBe(200);
      // PGlite allows one process per directory: the second gets a clear refusal, the first keeps working.
      const second = runMain({ BIZ_PGLITE_DIR: dataDir });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/PGlite data directory .* is in use by another Mango Biz process/);
      expect((await login(proc.url)).status).toBe(200);
    } finally {
      expect(await proc.stop()).toBe(0);
    }
  });

  it('without a built shell it serves the API only and says so', async () => {
    const port = await freePort();
    const proc = await startProcess(
      'shell/server/main.ts',
      { ...TEST_SECRETS, BIZ_DEV_MODE: '1', SHELL_PORT: String(port), SHELL_DIST: join(scratch, 'no-such-shell-build'), BIZ_PGLITE_DIR: join(scratch, 'pglite-b') },
      port,
      '/runtime-config.json',
    );
    try {
      expect(proc.output()).toContain('API only');
      const res = await fetch(`${proc.url}/clients`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    } finally {
      expect(await proc.stop()).toBe(0);
    }
  });

  it('refuses to start with a weak secret and names the variable', () => {
    const run = runMain({ BIZ_SESSION_SECRET: 'too-short' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/BIZ_SESSION_SECRET must be at least 32 bytes \(got 9\)/);
  });
});

describe('main.ts with DATABASE_URL', { timeout: 90_000 }, () => {
  it('refuses to start when the Postgres server cannot be reached, naming it', () => {
    const run = runMain({ DATABASE_URL: 'postgres://biz:secret-password@127.0.0.1:1/biz' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Could not connect to the Postgres server at 127\.0\.0\.1:1\/biz/);
    expect(run.stderr).not.toMatch(/secret-password/);
  });

  it.runIf(testDatabaseKind() === 'postgres')('runs against a Postgres server: migrates, seeds the demo and signs in', async () => {
    const database = await openTestDatabase();
    const port = await freePort();
    const proc = await startProcess('shell/server/main.ts', { ...TEST_SECRETS, BIZ_DEV_MODE: '1', SHELL_PORT: String(port), DATABASE_URL: database.url! }, port, '/runtime-config.json');
    try {
      expect(proc.output()).toMatch(/data: 127\.0\.0\.1:\d+\/t_/);
      expect((await login(proc.url)).status).toBe(200);
    } finally {
      expect(await proc.stop()).toBe(0);
      await database.close();
    }
  });
});
