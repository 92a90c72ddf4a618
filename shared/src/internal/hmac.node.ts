// HMAC-SHA256 on node:crypto, computed on the calling thread: a MAC of a few KB takes
// microseconds, less than waking a thread-pool worker the way Node's Web Crypto does for each
// call. Same surface and results as hmac.web.ts (hmac.test.ts runs both against each other).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Which implementation `#hmac` resolved to, for tests and diagnostics. */
export const HMAC_IMPLEMENTATION: 'web-crypto' | 'node-crypto' = 'node-crypto';

function mac(secret: string, message: string): Buffer {
  // Web Crypto refuses a zero-length key; refuse it here too, so both builds fail alike.
  if (secret.length === 0) throw new RangeError('An HMAC key must not be empty.');
  return createHmac('sha256', secret).update(message, 'utf8').digest();
}

export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(mac(secret, message));
}

/** Compares in constant time (timingSafeEqual), so a forged MAC's correct prefix leaks nothing. */
export async function hmacSha256Verify(secret: string, message: string, received: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const expected = mac(secret, message);
  return received.length === expected.length && timingSafeEqual(expected, received);
}
