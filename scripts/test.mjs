// `npm test`: install what is missing (pnpm, dependencies, Chromium), then typecheck, lint,
// unit/integration tests, a production build, and the Playwright suite. Stops at the first failure.
import { ensureInstall, ensurePnpm, ROOT } from './lib/pnpm.mjs';
import { ensureChromium } from './lib/chromium.mjs';
import { DEMO_SECRETS } from './lib/demo-env.mjs';
import { runAudit } from './lib/audit.mjs';

const pnpm = await ensureInstall();
const chromium = await ensureChromium(pnpm);
if (chromium) process.env.CHROMIUM_PATH = chromium;

async function step(name, args, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const code = await pnpm(args, { env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (code !== 0) {
    console.error(`✖ ${name} failed (exit ${code}, ${secs}s)`);
    process.exit(code);
  }
  console.log(`✔ ${name} (${secs}s)`);
}

console.log('\n▶ audit of production dependencies (high and critical)');
const audit = runAudit((await ensurePnpm())[0], ROOT);
if (audit.verdict === 'advisories') {
  console.error(audit.output);
  console.error('✖ audit found high or critical advisories in production dependencies');
  process.exit(1);
}
console.log(audit.verdict === 'clean' ? '✔ audit: no high or critical advisory' : '⚠ audit not run: the advisory service did not answer from this machine (the step enforces wherever it does)');

await step('typecheck', ['typecheck']);
await step('lint', ['lint']);
await step('unit and integration tests (vitest)', ['test:unit']);
// Built with the secrets in its environment, as a careless CI would: the no-secrets spec then proves
// nothing from the environment leaks into browser bundles.
await step('build', ['build'], DEMO_SECRETS);
await step('end-to-end tests (Playwright)', ['exec', 'playwright', 'test']);
console.log('\nAll checks passed.');
