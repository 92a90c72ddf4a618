import { writeFileSync } from 'node:fs';
import { enableConnect, launch, signIn } from '../src/browser.js';
import { sandboxAdmin, startBenchStack, URLS } from '../src/servers.js';

const where = process.argv[2] ?? '/settings';
const N = Number(process.argv[3] ?? 300);
const stack = await startBenchStack();
const browser = await launch();
try {
  await sandboxAdmin('POST', '/reset');
  const page = await (await browser.newContext()).newPage();
  await signIn(page);
  await enableConnect(page);
  await page.goto(URLS.shell + where);
  await page.waitForTimeout(1500);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  const split = process.argv[4] === 'split';
  if (split) await page.context().setOffline(true);
  const t0 = Date.now();
  await page.evaluate(async (n) => { await window.__mangoBench!.createClients(Array.from({ length: n }, (_, i) => `P ${i}`)); }, N);
  const tMade = Date.now() - t0;
  const t1 = Date.now();
  if (split) await page.context().setOffline(false);
  await page.waitForFunction(async () => (await window.__mangoBench!.pendingOutbox()) === 0, null, { timeout: 300_000, polling: 100 });
  const t = Date.now() - t0; console.log('drain only', Date.now() - t1, 'ms');
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync('/tmp/pipe.cpuprofile', JSON.stringify(profile));
  console.log(`${where}: made ${N} in ${tMade} ms, all delivered in ${t} ms = ${(N / t * 1000).toFixed(1)}/s`);
  // self time by function
  const self = new Map<string, number>();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas!;
  profile.samples!.forEach((id, i) => { const n = nodes.get(id)!; const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
  console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'));
} finally { await browser.close(); stack.stop(); }
