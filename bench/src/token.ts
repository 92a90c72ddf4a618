// 5. Token minting: POST /api/connect/token on loopback against jose signing in-process.
import { SignJWT } from 'jose';
import { connectTokenClaims, hmacKey } from '@mango/connect-shared';
import { DEMO_PASSWORD, DEMO_SECRETS } from '../../scripts/lib/demo-env.mjs';
import type { Figure } from './report.js';
import { createKeepAlivePost } from './keep-alive-post.js';
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

interface Timed {
  /** Client-observed milliseconds per request. */
  total: number[];
  /** The edge API's own milliseconds per request (Server-Timing). */
  inside: number[];
}

type TokenRequest = () => Promise<{ status: number; serverTiming: string | null }>;

/**
 * Times each client's requests, taking turns request by request so that both see the same
 * moments of this shared machine; the first WARM_UP of each are not counted.
 */
async function timeInTurns(clients: readonly TokenRequest[]): Promise<Timed[]> {
  const out = clients.map((): Timed => ({ total: [], inside: [] }));
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    for (const [k, send] of clients.entries()) {
      const t0 = performance.now();
      const { status, serverTiming } = await send();
      const ms = performance.now() - t0;
      if (status !== 200) throw new Error(`token request ${i} answered ${status}`);
      const edgeMs = serverTimingMs(serverTiming);
      if (edgeMs === null) throw new Error('the token answer has no Server-Timing total; is the edge API up to date?');
      if (i >= WARM_UP) {
        out[k]!.total.push(ms);
        out[k]!.inside.push(edgeMs);
      }
    }
  }
  return out;
}

export async function measureToken(): Promise<Figure[]> {
  const cookie = await signInCookie();
  const url = `${URLS.shell}/api/connect/token`;
  const headers = { cookie, origin: URLS.shell, 'content-type': 'application/json' };
  const lean = createKeepAlivePost();
  const viaHttp: TokenRequest = async () => {
    const res = await lean.post(url, headers, '{}');
    return { status: res.status, serverTiming: [res.headers['server-timing'] ?? []].flat().join(', ') || null };
  };
  const viaFetch: TokenRequest = async () => {
    const res = await fetch(url, { method: 'POST', headers, body: '{}' });
    await res.arrayBuffer();
    return { status: res.status, serverTiming: res.headers.get('server-timing') };
  };
  const [http, fetched] = await timeInTurns([viaHttp, viaFetch]).finally(lean.close);
  const store = { storeId: 'store_demo_001', tenantId: 'tenant_demo_001', storeName: 'Mango Demo Salon' };
  const member = { memberId: 'm_owner', email: 'owner@demo.mango', name: 'Olivia Owner', role: 'owner' as const, permissions: ['*'] };
  // The baseline is jose signing the same claims; the edge API mints with its own HS256 JWS
  // (shared/src/internal/jws-hs256.ts, byte for byte the same token), so this calls jose directly.
  const key = await hmacKey(DEMO_SECRETS.MANGO_CONNECT_JWT_SECRET);
  const jose: number[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    const t0 = performance.now();
    await new SignJWT({ ...connectTokenClaims(store, member) }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
    if (i >= WARM_UP) jose.push(performance.now() - t0);
  }
  const inside = [...http!.inside, ...fetched!.inside];
  const ms = (xs: number[], p: number) => percentile(xs, p).toFixed(2);
  console.log(`  token: inside the edge API (Server-Timing) p50 ${ms(inside, 50)} ms, p99 ${ms(inside, 99)} ms; node:http client p50 ${ms(http!.total, 50)} / p99 ${ms(http!.total, 99)} ms, fetch() client p50 ${ms(fetched!.total, 50)} / p99 ${ms(fetched!.total, 99)} ms (taking turns)`);
  const jose50 = percentile(jose, 50);
  const jose99 = percentile(jose, 99);
  const joseIs = 'jose signing the same claims in-process';
  return [
    { name: 'POST /api/connect/token p50 (2,000 on loopback)', value: percentile(http!.total, 50), unit: 'ms', baseline: jose50, baselineIs: joseIs },
    { name: 'POST /api/connect/token p99 (2,000 on loopback)', value: percentile(http!.total, 99), unit: 'ms', baseline: jose99, baselineIs: joseIs, goal: { on: 'value', atMost: 10 } },
    { name: 'POST /api/connect/token p99 through fetch() (2,000 on loopback)', value: percentile(fetched!.total, 99), unit: 'ms', baseline: jose99, baselineIs: joseIs },
    { name: 'POST /api/connect/token p99 inside the edge API (Server-Timing)', value: percentile(inside, 99), unit: 'ms', baseline: jose99, baselineIs: joseIs },
  ];
}
