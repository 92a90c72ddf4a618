import { describe, expect, it, vi } from 'vitest';
import { once } from './once';

describe('once', () => {
  it('loads on the first call only and gives every caller the same result', async () => {
    const load = vi.fn(async () => ({ n: 1 }));
    const get = once(load);
    expect(get.peek()).toBeNull();
    expect(load).not.toHaveBeenCalled();
    const [a, b] = await Promise.all([get(), get()]);
    expect(await get.peek()).toBe(a);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(load).toHaveBeenCalledOnce();
  });

  it('forgets a failure, so the next call tries again', async () => {
    const load = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('Failed to fetch dynamically imported module')).mockResolvedValue('loaded');
    const get = once(load);
    await expect(get()).rejects.toThrow(/Failed to fetch/);
    expect(get.peek()).toBeNull();
    await expect(get()).resolves.toBe('loaded');
    await expect(get()).resolves.toBe('loaded');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
