// Non-negotiable 1: secrets never reach a browser. Every file a browser could fetch — the shell's and
// the remote's builds (maps included) and the SDK bundle — is scanned for the secret values and names.
import { test, expect } from '@playwright/test';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
// The same values the test stack and the build step run with (scripts/test.mjs builds with them in env).
import { DEMO_SECRETS } from '../scripts/lib/demo-env.mjs';

const ROOT = join(import.meta.dirname, '..');
const BROWSER_OUTPUTS = ['shell/dist', 'remotes/connect-host/dist', 'sandbox/connect/dist'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

test('no built browser asset or source map contains a Connect or session secret', () => {
  const secretValues = Object.values(DEMO_SECRETS) as string[];
  const secretNames = ['MANGO_CONNECT_JWT_SECRET', 'MANGO_CONNECT_WEBHOOK_SECRET', 'BIZ_SESSION_SECRET'];
  let scanned = 0;
  for (const out of BROWSER_OUTPUTS) {
    const dir = join(ROOT, out);
    expect(existsSync(dir), `${out} must be built before this test runs`).toBe(true);
    for (const file of filesUnder(dir)) {
      const text = readFileSync(file, 'utf8');
      scanned++;
      for (const secret of secretValues) expect(text.includes(secret), `${file} contains a secret value`).toBe(false);
      for (const name of secretNames) expect(text.includes(name), `${file} names ${name}`).toBe(false);
    }
  }
  // The scan is only worth something if it read the bundles.
  expect(scanned).toBeGreaterThan(5);
});

test('the served shell and remote answer nothing secret either', async ({ request }) => {
  const config = await (await request.get('/runtime-config.json')).text();
  for (const secret of Object.values(DEMO_SECRETS) as string[]) expect(config).not.toContain(secret);
});
