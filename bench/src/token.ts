// 5. Token minting: POST /api/connect/token on loopback against jose signing in-process.
import { generateConnectToken } from '@mango/connect-shared';
import { DEMO_PASSWORD, DEMO_SECRETS } from '../../scripts/lib/demo-env.mjs';
import type { Figure } from './report.js';
import { percentile } from './stats.js';
import { URLS } from './servers.js';

const REQUESTS = 2_000;
// Not counted, on both sides: the first few hundred calls of a fresh process run V8's unoptimised
// code, which a server that has been up for minutes no longer does.
const WARM_UP = 200;

async function signInCookie(): Promise<string> {
  const res = await fetch(`${URLS.shell}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: URLS.shell },
    body: JSON.stringify({ email: 'owner@demo.mango', password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login answered ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** The edge API's own time for a request, from its `Server-Timing: total;dur=…` header. */
export function serverTimingMs(header: string | null): number | null {
  const dur = header && /(?:^|,)\s*total;dur=([\d.]+)/.exec(header)?.[1];
  return dur ? Number(dur) : null;
}

export async function measureToken(): Promise<Figure[]> {
  const cookie = await signInCookie();
  const http: number[] = [];
  const inside: number[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${URLS.shell}/api/connect/token`, { method: 'POST', headers: { cookie, origin: URLS.shell, 'content-type': 'application/json' }, body: '{}' });
    await res.arrayBuffer();
    if (i >= WARM_UP) http.push(performance.now() - t0);
    if (!res.ok) throw new Error(`token request ${i} answered ${res.status}`);
    const edgeMs = serverTimingMs(res.headers.get('server-timing'));
    if (edgeMs === null) throw new Error('the token answer has no Server-Timing total; is the edge API up to date?');
    if (i >= WARM_UP) inside.push(edgeMs);
  }
  const store = { storeId: 'store_demo_001', tenantId: 'tenant_demo_001', storeName: 'Mango Demo Salon' };
  const member = { memberId: 'm_owner', email: 'owner@demo.mango', name: 'Olivia Owner', role: 'owner' as const, permissions: ['*'] };
  const jose: number[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    const t0 = performance.now();
    await generateConnectToken(store, member, DEMO_SECRETS.MANGO_CONNECT_JWT_SECRET);
    if (i >= WARM_UP) jose.push(performance.now() - t0);
  }
  console.log(`  token: inside the edge API (Server-Timing) p50 ${percentile(inside, 50).toFixed(2)} ms, p99 ${percentile(inside, 99).toFixed(2)} ms; the rest of each request is the Node client's fetch and loopback`);
  return [
    { name: 'POST /api/connect/token p50 (2,000 on loopback)', value: percentile(http, 50), unit: 'ms', baseline: percentile(jose, 50), baselineIs: 'jose signing the same claims in-process' },
    { name: 'POST /api/connect/token p99 (2,000 on loopback)', value: percentile(http, 99), unit: 'ms', baseline: percentile(jose, 99), baselineIs: 'jose signing the same claims in-process', goal: { on: 'value', atMost: 10 } },
    { name: 'POST /api/connect/token p99 inside the edge API (Server-Timing)', value: percentile(inside, 99), unit: 'ms', baseline: percentile(jose, 99), baselineIs: 'jose signing the same claims in-process' },
  ];
}
