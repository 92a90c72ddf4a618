// `npm test`: install what is missing, then typecheck, lint, unit/integration tests, build, Playwright.
import { ensureInstall } from './lib/pnpm.mjs';
import { ensureChromium } from './lib/chromium.mjs';
import { step } from './lib/run.mjs';

const pnpm = await ensureInstall();
const chromium = await ensureChromium(pnpm);
if (chromium) process.env.CHROMIUM_PATH = chromium;

const pn = (name, args) => step(name, process.execPath, [pnpmBin(), ...args]);
function pnpmBin() {
  // ensureInstall already resolved pnpm; reuse whichever it found through this tiny shim.
  return new URL('./lib/pnpm-cli.mjs', import.meta.url).pathname;
}

await pn('typecheck', ['typecheck']);
await pn('lint', ['lint']);
await pn('unit and integration tests (vitest)', ['test:unit']);
await pn('build', ['build']);
await pn('end-to-end tests (Playwright)', ['test:e2e']);
console.log('\nAll checks passed.');
