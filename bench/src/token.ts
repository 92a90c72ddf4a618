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

export async function measureToken(): Promise<Figure[]> {
  const cookie = await signInCookie();
  const http: number[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${URLS.shell}/api/connect/token`, { method: 'POST', headers: { cookie, origin: URLS.shell, 'content-type': 'application/json' }, body: '{}' });
    await res.arrayBuffer();
    if (i >= WARM_UP) http.push(performance.now() - t0);
    if (!res.ok) throw new Error(`token request ${i} answered ${res.status}`);
  }
  const store = { storeId: 'store_demo_001', tenantId: 'tenant_demo_001', storeName: 'Mango Demo Salon' };
  const member = { memberId: 'm_owner', email: 'owner@demo.mango', name: 'Olivia Owner', role: 'owner' as const, permissions: ['*'] };
  const jose: number[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    const t0 = performance.now();
    await generateConnectToken(store, member, DEMO_SECRETS.MANGO_CONNECT_JWT_SECRET);
    if (i >= WARM_UP) jose.push(performance.now() - t0);
  }
  return [
    { name: 'POST /api/connect/token p50 (2,000 on loopback)', value: percentile(http, 50), unit: 'ms', baseline: percentile(jose, 50), baselineIs: 'jose signing the same claims in-process' },
    { name: 'POST /api/connect/token p99 (2,000 on loopback)', value: percentile(http, 99), unit: 'ms', baseline: percentile(jose, 99), baselineIs: 'jose signing the same claims in-process', goal: { on: 'value', atMost: 10 } },
  ];
}
