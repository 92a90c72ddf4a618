// Runs the Playwright suite against the system Chromium found by scripts/lib/chromium.mjs.
import { ensureInstall } from './lib/pnpm.mjs';
import { ensureChromium } from './lib/chromium.mjs';

const pnpm = await ensureInstall();
const chromium = await ensureChromium(pnpm);
if (chromium) process.env.CHROMIUM_PATH = chromium;
process.exit(await pnpm(['exec', 'playwright', 'test', ...process.argv.slice(2)]));
