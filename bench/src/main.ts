// pnpm bench: builds for production, starts the stack on ports 8173–8176, measures, prints one line
// per figure against a baseline from this same run, and writes bench/results.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { enableConnect, launch, signIn } from './browser.js';
import { measureBytes } from './bytes.js';
import { evaluate, formatLine, type Figure, type FigureResult } from './report.js';
import { measureRoute } from './route.js';
import { assertBuilt, buildAll, ROOT, sandboxAdmin, startBaselineServer, startBenchStack } from './servers.js';
import { measureToken } from './token.js';

const args = process.argv.slice(2); // e.g. `pnpm bench route sync`, `pnpm bench --no-build token`
const skipBuild = args.includes('--no-build');
const only = args.filter((a) => a !== '--no-build');
const wanted = (name: string) => only.length === 0 || only.includes(name);

if (skipBuild) {
  console.log('Using the existing production builds (--no-build).');
  try {
    assertBuilt();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
} else {
  console.log('Building for production (shell, remote, SDK, baseline app)…');
  buildAll();
}
const baselineServer = startBaselineServer();
const stack = await startBenchStack().catch((err: unknown) => {
  baselineServer.close();
  throw err;
});
// The stack's servers share this process's stdout: one left running would keep a pipe open forever.
const browser = await launch().catch(async (err: unknown) => {
  baselineServer.close();
  await stack.stop();
  throw err;
});
const results: FigureResult[] = [];
const report = (figures: Figure[]) => {
  for (const f of figures) {
    const r = evaluate(f);
    results.push(r);
    console.log(formatLine(r));
  }
};
try {
  await sandboxAdmin('POST', '/reset');
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await signIn(page);
  await enableConnect(page);
  if (wanted('bytes')) report(await measureBytes(browser, page));
  if (wanted('route')) report(await measureRoute(page));
  if (wanted('token')) report(await measureToken());
} finally {
  await browser.close();
  baselineServer.close();
  await stack.stop();
}
mkdirSync(join(ROOT, 'bench'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
const missed = results.filter((r) => r.met === false).length;
console.log(`\n${results.filter((r) => r.met).length} goals met, ${missed} missed; written to bench/results.json`);
