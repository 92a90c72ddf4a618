// `pnpm soak`: the full fault soak — 2,000 changes from two devices on a real PostgreSQL server
// with two API instances and two delivery workers, while Connect fails a large share of webhook
// requests and goes fully down for 60 s, a worker is SIGKILLed and the database restarts
// (e2e/fault-soak.spec.ts; npm test runs its short form). Builds first, then runs the spec on its
// own ports (test stack 9173–9175, the soak's API instances 9213 and 9214) so it can run beside a
// demo or another test stack. `--no-build` reuses the current build; any SOAK_* or E2E_*_PORT
// variable already set wins over the defaults below.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureInstall } from './lib/pnpm.mjs';
import { ensureChromium } from './lib/chromium.mjs';
import { DEMO_SECRETS } from './lib/demo-env.mjs';

const DEFAULTS = {
  SOAK_CHANGES: '2000',
  SOAK_OUTAGE_S: '60',
  SOAK_OFFLINE_S: '10',
  SOAK_DRAIN_S: '300',
  E2E_SHELL_PORT: '9173',
  E2E_REMOTE_PORT: '9174',
  E2E_SANDBOX_PORT: '9175',
};

const pnpm = await ensureInstall();
const chromium = await ensureChromium(pnpm);
if (chromium) process.env.CHROMIUM_PATH = chromium;
if (!process.argv.includes('--no-build')) {
  const code = await pnpm(['build'], { env: { ...process.env, ...DEMO_SECRETS } });
  if (code !== 0) process.exit(code);
}
const env = { ...process.env };
for (const [key, value] of Object.entries(DEFAULTS)) env[key] ??= value;
console.log(`soak: ${env.SOAK_CHANGES} changes from two devices, a ${env.SOAK_OUTAGE_S} s outage, ${env.SOAK_OFFLINE_S} s offline, a worker SIGKILLed, PostgreSQL restarted`);
// Its own output folder: a Playwright run elsewhere in this tree empties test-results/ when it starts.
const output = join(tmpdir(), `mango-soak-results-${env.E2E_SHELL_PORT}`);
process.exit(await pnpm(['exec', 'playwright', 'test', '--project=desktop', '--reporter=list', `--output=${output}`, 'e2e/fault-soak.spec.ts'], { env }));
