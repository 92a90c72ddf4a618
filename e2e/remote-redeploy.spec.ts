// The Connect-host team deploys on its own: the shell is built once; a new remote build swapped in
// behind the same URL is live on the next reload, and the shell's own files do not change.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startRemote, startShell, type Server } from './support/processes';
import { login, navigate } from './support/shell';

const SHELL_PORT = 6193;
const REMOTE_PORT = 6194;
const work = mkdtempSync(join(tmpdir(), 'remote-redeploy-'));
const current = join(work, 'current');
let shell: Server;
let remote: Server;

function buildRemote(buildId: string): string {
  const outDir = join(work, buildId);
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--logLevel', 'warn'], {
    cwd: join(ROOT, 'remotes/connect-host'),
    env: { ...process.env, VITE_REMOTE_BUILD_ID: buildId },
    stdio: 'inherit',
  });
  return outDir;
}

function deploy(dir: string) {
  rmSync(current, { force: true });
  symlinkSync(dir, current);
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const v1 = buildRemote(`v1-${stamp}`);
  buildRemote(`v2-${stamp}`);
  deploy(v1);
  remote = await startRemote(REMOTE_PORT, current);
  shell = await startShell(SHELL_PORT, REMOTE_PORT);
});
test.afterAll(async () => {
  await remote?.stop();
  await shell?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('a new remote build behind the same URL goes live on reload without a shell rebuild', async ({ page, request }) => {
  const shellIndexBefore = await (await request.get(`http://localhost:${SHELL_PORT}/`)).text();
  await login(page, 'owner', `http://localhost:${SHELL_PORT}`);
  await navigate(page, 'Settings');
  await page.getByRole('link', { name: 'Mango Connect' }).click();
  await expect(page.getByText(/connect-host build v1-/)).toBeVisible({ timeout: 20_000 });

  const v2 = join(work, (await import('node:fs')).readdirSync(work).find((d) => d.startsWith('v2-'))!);
  deploy(v2);
  await page.reload();
  await expect(page.getByText(/connect-host build v2-/)).toBeVisible({ timeout: 20_000 });

  const shellIndexAfter = await (await request.get(`http://localhost:${SHELL_PORT}/`)).text();
  expect(shellIndexAfter).toBe(shellIndexBefore);
});
