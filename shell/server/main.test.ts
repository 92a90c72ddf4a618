import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_SECRETS } from './testing/edge-server.js';
import { freePort } from './testing/free-port.js';
import { ROOT, startProcess } from './testing/processes.js';

// Each test starts a real tsx process, which takes seconds on a busy machine.
describe('main.ts (the `serve` script)', { timeout: 60_000 }, () => {
  it('starts on SHELL_PORT, prints its URL, serves the shell and the API, and exits cleanly on SIGTERM', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'shell-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Built shell</title>');
    const port = await freePort();
    const proc = await startProcess(
      'shell/server/main.ts',
      { ...TEST_SECRETS, BIZ_DEV_MODE: '1', SHELL_PORT: String(port), SHELL_DIST: dist },
      port,
      '/runtime-config.json',
    );
    try {
      expect(proc.output()).toContain(`http://localhost:${port}`);
      expect(await (await fetch(`${proc.url}/clients`)).text()).toContain('Built shell');
      const login = await fetch(`${proc.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@demo.mango', password: 'mango-demo-2026' }),
      });
      expect(login.status).toBe(200);
    } finally {
      expect(await proc.stop()).toBe(0);
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('without a built shell it serves the API only and says so', async () => {
    const port = await freePort();
    const proc = await startProcess(
      'shell/server/main.ts',
      { ...TEST_SECRETS, BIZ_DEV_MODE: '1', SHELL_PORT: String(port), SHELL_DIST: join(tmpdir(), 'no-such-shell-build') },
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
    const run = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), ['shell/server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...TEST_SECRETS, BIZ_DEV_MODE: '1', BIZ_SESSION_SECRET: 'too-short', SHELL_PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/BIZ_SESSION_SECRET must be at least 32 bytes \(got 9\)/);
  });
});
