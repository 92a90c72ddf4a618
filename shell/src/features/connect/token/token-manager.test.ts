import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenManager, refreshPlanMs } from './token-manager';

const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
/** An unsigned token shaped like the edge API's; the browser only ever decodes it. */
function token(iatSeconds: number, ttl = 3600, n = 0): string {
  const claims = { storeId: 's', tenantId: 't', memberId: 'm', memberEmail: 'o@demo.mango', memberName: 'O', role: 'owner', permissions: [], iat: iatSeconds, exp: iatSeconds + ttl, jti: `j${n}` };
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.sig`;
}

describe('connect token scheduling', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('plans the refresh 5 minutes before exp', () => {
    const now = Date.now();
    expect(refreshPlanMs(token(now / 1000), now)).toBe(3300_000);
    expect(refreshPlanMs(token(now / 1000 - 3400), now)).toBe(0);
    expect(refreshPlanMs('garbage', now)).toBe(0);
  });

  it('has no token and fetches nothing while inactive (no session or Connect off)', async () => {
    const fetchToken = vi.fn(async () => token(Date.now() / 1000));
    const m = createTokenManager({ fetchToken });
    await expect(m.refresh()).resolves.toBeNull();
    expect(fetchToken).not.toHaveBeenCalled();
    expect(m.store.getState().token).toBeNull();
  });

  it('fetches on activation and again at the refresh point', async () => {
    let n = 0;
    const fetchToken = vi.fn(async () => token(Date.now() / 1000, 3600, ++n));
    const m = createTokenManager({ fetchToken });
    m.setActive(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(m.isValid()).toBe(true);
    await vi.advanceTimersByTimeAsync(3299_000);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetchToken).toHaveBeenCalledTimes(2);
    m.dispose();
  });

  it('shares one request between concurrent refresh() calls and returns the fresh token', async () => {
    let release!: (t: string) => void;
    const fetchToken = vi.fn(() => new Promise<string>((r) => (release = r)));
    const m = createTokenManager({ fetchToken });
    m.setActive(true);
    const a = m.refresh();
    const b = m.refresh();
    const fresh = token(Date.now() / 1000);
    release(fresh);
    await expect(Promise.all([a, b])).resolves.toEqual([fresh, fresh]);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    m.dispose();
  });

  it('refreshes when the tab comes back with an expired token, not when it is still fresh', async () => {
    const fetchToken = vi.fn(async () => token(Date.now() / 1000));
    const m = createTokenManager({ fetchToken, setTimer: () => 0, clearTimer: () => {} });
    m.setActive(true);
    await vi.advanceTimersByTimeAsync(0);
    m.refreshIfStale();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchToken).toHaveBeenCalledTimes(1);
    vi.setSystemTime(Date.now() + 3700_000); // the laptop slept past exp; no timer fired
    expect(m.isValid()).toBe(false);
    m.refreshIfStale();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchToken).toHaveBeenCalledTimes(2);
    expect(m.isValid()).toBe(true);
  });

  it('drops the token on deactivation and ignores a late answer', async () => {
    let release!: (t: string) => void;
    const m = createTokenManager({ fetchToken: () => new Promise<string>((r) => (release = r)) });
    m.setActive(true);
    m.setActive(false);
    release(token(Date.now() / 1000));
    await vi.advanceTimersByTimeAsync(0);
    expect(m.store.getState().token).toBeNull();
  });

  it('keeps an actionable error when the edge API refuses', async () => {
    const m = createTokenManager({ fetchToken: async () => { throw new Error('Mango Connect is not enabled for this store'); } });
    m.setActive(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(m.store.getState().error).toMatch(/Could not get a Mango Connect token: Mango Connect is not enabled/);
  });
});
