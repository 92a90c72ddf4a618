import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { AppointmentData, ClientData } from '@mango/connect-shared/types';
import { parseSandboxConfig, type SandboxConfig } from '../src/config.js';
import { startSandbox, type RunningSandbox } from '../src/server.js';

export const JWT_SECRET = 'test-jwt-secret-0123456789abcdefghij';
export const WEBHOOK_SECRET = 'test-webhook-secret-0123456789abcdef';

export function testConfig(env: Record<string, string> = {}): SandboxConfig {
  return parseSandboxConfig({
    MANGO_CONNECT_JWT_SECRET: JWT_SECRET,
    MANGO_CONNECT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    SANDBOX_PORT: '0',
    SANDBOX_ADMIN: '1',
    SANDBOX_PUBLIC_URL: 'http://connect.test',
    ...env,
  });
}

export function start(env: Record<string, string> = {}): Promise<RunningSandbox> {
  return startSandbox(testConfig(env));
}

export interface SignOptions {
  id?: string;
  /** unix seconds; defaults to now */
  timestamp?: number;
  secret?: string;
}

/** Signs a body the way the contract says Biz does, with plain node:crypto. */
export function signedHeaders(body: string, opts: SignOptions = {}): Record<string, string> {
  const secret = opts.secret ?? WEBHOOK_SECRET;
  const id = opts.id ?? `evt_${randomUUID()}`;
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const hex = createHmac('sha256', secret).update(body).digest('hex');
  const std = createHmac('sha256', secret).update(`${id}.${ts}.${body}`).digest('base64');
  return {
    'content-type': 'application/json',
    'x-mango-signature': hex,
    'webhook-id': id,
    'webhook-timestamp': ts,
    'webhook-signature': `v1,${std}`,
  };
}

export async function postSigned(base: string, path: string, body: unknown, opts: SignOptions = {}) {
  const text = JSON.stringify(body);
  return fetch(`${base}${path}`, { method: 'POST', headers: signedHeaders(text, opts), body: text });
}

export const STORE_ID = 'store_1';

export const provisionBody = (storeId = STORE_ID) => ({
  storeId,
  storeName: 'Mango Nails & Spa',
  tenantId: 'biz_tenant_1',
  ownerEmail: 'owner@mango.test',
  ownerName: 'Olivia Owner',
});

export async function provision(base: string, storeId = STORE_ID) {
  const res = await postSigned(base, '/provision-mango-biz-tenant', provisionBody(storeId));
  if (res.status !== 200) throw new Error(`provision failed: ${res.status} ${await res.text()}`);
  return res.json() as Promise<{ connectTenantId: string; connectTenantSlug: string; webhookUrl: string; apiUrl: string }>;
}

export function client(id: string, name: string, over: Partial<ClientData> = {}): ClientData {
  return {
    id,
    name,
    email: `${id}@clients.test`,
    phone: '+1 555 0100',
    notes: '',
    createdAt: '2030-01-01T10:00:00.000Z',
    updatedAt: '2030-01-01T10:00:00.000Z',
    ...over,
  };
}

export function appointment(id: string, c: ClientData, over: Partial<AppointmentData> = {}): AppointmentData {
  return {
    id,
    clientId: c.id,
    clientName: c.name,
    clientEmail: c.email,
    clientPhone: c.phone,
    scheduledAt: '2030-01-02T10:00:00.000Z',
    duration: 45,
    serviceName: 'Gel manicure',
    staffName: 'Kim',
    status: 'scheduled',
    ...over,
  };
}

export interface TokenOptions {
  secret?: string;
  iat?: number;
  exp?: number;
  audience?: string;
  issuer?: string;
  storeId?: string;
  claims?: Record<string, unknown>;
}

/** Mints a Biz JWT with jose, exactly per the contract unless told otherwise. */
export function mintToken(opts: TokenOptions = {}): Promise<string> {
  const iat = opts.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({
    storeId: opts.storeId ?? STORE_ID,
    tenantId: 'biz_tenant_1',
    memberId: 'mem_1',
    memberEmail: 'kim@mango.test',
    memberName: 'Kim Staff',
    role: 'manager',
    permissions: ['connect.view'],
    ...opts.claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(opts.exp ?? iat + 3600)
    .setIssuer(opts.issuer ?? 'mango-biz')
    .setAudience(opts.audience ?? 'mango-connect')
    .setSubject('mem_1')
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(opts.secret ?? JWT_SECRET));
}

export async function admin(base: string, path: string, body?: unknown, method = 'POST') {
  const res = await fetch(`${base}/__admin${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res;
}
