// What the served shell promises a browser: a strict CSP and security headers on
// every kind of response, and a session cookie scripts cannot read or send cross-site. (Secrets in
// built assets: no-secrets.spec.ts; roles enforced by the Biz API: the matrix's "roles" rows;
// dependency advisories: the audit step of npm test.)
import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD, LOGINS, REMOTE_URL, SANDBOX_URL, SHELL_URL } from './support/env';

/** The CSP header as directive → sources. */
function parseCsp(header: string): Map<string, string[]> {
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

// An HTML page, an API answer (also an error) and a static asset: each kind is served by other code.
for (const path of ['/login', '/runtime-config.json', '/api/auth/session', '/favicon.svg']) {
  test(`${path} carries the CSP and security headers`, async ({ request }) => {
    const res = await request.get(path);
    const h = res.headers();
    const csp = parseCsp(h['content-security-policy'] ?? '');
    expect(csp.get('default-src')).toEqual(["'self'"]);
    // Foreign code only from the federated remote and the Connect SDK; never inline or eval'd script.
    expect(csp.get('script-src')?.sort()).toEqual(["'self'", REMOTE_URL, SANDBOX_URL].sort());
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });
}

test('the session cookie from a real sign-in is HttpOnly, SameSite=Lax, scoped to the whole site, and cleared on sign-out', async () => {
  const login = await fetch(`${SHELL_URL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHELL_URL },
    body: JSON.stringify({ email: LOGINS.staff, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookies = login.headers.getSetCookie();
  expect(cookies).toHaveLength(1);
  const [pair, ...attrs] = cookies[0]!.split(';').map((s) => s.trim());
  const flags = new Map(attrs.map((a) => [a.split('=')[0]!.toLowerCase(), a.split('=')[1] ?? true] as const));
  // The test stack runs in dev mode over http; without it the name is __Host-mango_session and Secure is set (Biz API tests).
  expect(pair).toMatch(/^mango_session=[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(flags.get('httponly')).toBe(true);
  expect(String(flags.get('samesite')).toLowerCase()).toBe('lax');
  expect(flags.get('path')).toBe('/');
  expect(Number(flags.get('max-age'))).toBeGreaterThan(0);
  expect(flags.has('domain')).toBe(false);
  // Nothing about the session is readable from the answer body either.
  expect(await login.text()).not.toContain(pair!.split('=')[1]!);

  const logout = await fetch(`${SHELL_URL}/api/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SHELL_URL, cookie: pair! }, body: '{}' });
  expect(logout.status).toBe(200);
  expect(logout.headers.getSetCookie().join('\n')).toMatch(/mango_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
});

test('page scripts cannot read the session cookie', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(LOGINS.owner);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  expect((await page.context().cookies()).some((c) => c.name === 'mango_session' && c.httpOnly)).toBe(true);
  expect(await page.evaluate(() => document.cookie)).not.toContain('mango_session');
});
