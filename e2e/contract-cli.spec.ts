// `pnpm contract` is the Connect team's check; it must pass against our own sandbox, as a real CLI.
import { test, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_SECRETS } from '../scripts/lib/demo-env.mjs';
import { SANDBOX_URL } from './support/env';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..');

test('the contract CLI passes against the sandbox and fails with a clear reason on a wrong secret', async () => {
  const cli = [join(ROOT, 'sandbox/contract-check/src/cli.ts'), '--connect-url', SANDBOX_URL];
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const ok = await run(tsx, [...cli, '--jwt-secret', DEMO_SECRETS.MANGO_CONNECT_JWT_SECRET, '--webhook-secret', DEMO_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET]);
  expect(ok.stdout).toMatch(/^\d+ passed, 0 failed, 0 warnings$/m);

  const bad = await run(tsx, [...cli, '--jwt-secret', DEMO_SECRETS.MANGO_CONNECT_JWT_SECRET, '--webhook-secret', 'x'.repeat(40)]).catch((e: { code: number; stdout: string }) => e);
  expect('code' in bad && bad.code).toBe(1);
  expect(bad.stdout).toMatch(/FAIL\s+required\s+provision\.tenant/);
});
