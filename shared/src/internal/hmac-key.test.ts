import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.js';
import { hmacKey } from './hmac-key.js';
import { hmacSha256 } from './hmac.web.js';

describe('hmacKey', () => {
  it('imports a secret once and hands out the same key after that', async () => {
    const secret = 'cache-me-'.padEnd(40, 'x');
    const first = hmacKey(secret);
    expect(hmacKey(secret)).toBe(first);
    const key = await first;
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' } });
    expect([...key.usages].sort()).toEqual(['sign', 'verify']);
  });

  it('keeps different secrets apart', async () => {
    const a = 'secret-a-'.padEnd(40, 'a');
    const b = 'secret-b-'.padEnd(40, 'b');
    expect(hmacKey(a)).not.toBe(hmacKey(b));
    expect(toHex(await hmacSha256(a, 'm'))).toBe(createHmac('sha256', a).update('m').digest('hex'));
    expect(toHex(await hmacSha256(b, 'm'))).toBe(createHmac('sha256', b).update('m').digest('hex'));
  });

  it('holds a bounded number of keys, evicting the oldest, and still signs right after eviction', async () => {
    const oldest = 'evicted-'.padEnd(40, '0');
    const first = hmacKey(oldest);
    for (let i = 0; i < 8; i++) hmacKey(`filler-${i}-`.padEnd(40, 'f'));
    const again = hmacKey(oldest);
    expect(again).not.toBe(first);
    expect(toHex(await hmacSha256(oldest, 'x'))).toBe(createHmac('sha256', oldest).update('x').digest('hex'));
  });

  it('does not cache a failed import, so a later call tries again', async () => {
    // Web Crypto refuses a zero-length HMAC key.
    const failed = hmacKey('');
    await expect(failed).rejects.toThrow();
    expect(hmacKey('')).not.toBe(failed);
    await expect(hmacKey('')).rejects.toThrow();
  });
});
