// HMAC-SHA256 on Web Crypto: browsers, Deno, Workers. Node gets hmac.node.ts instead (the
// package's `#hmac` import picks by runtime), because Node runs every Web Crypto sign or verify
// as a job on its thread pool, and on a loaded 2-core box that hand-off, not the hash, set the
// tail of POST /api/connect/token (p99 inside the edge API 3.2–3.9 ms against 0.4 ms in-thread).
import { utf8 } from './bytes.js';
import { hmacKey } from './hmac-key.js';

/** Which implementation `#hmac` resolved to, for tests and diagnostics. */
export const HMAC_IMPLEMENTATION: 'web-crypto' | 'node-crypto' = 'web-crypto';

export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', await hmacKey(secret), utf8(message)));
}

/**
 * Checks a received MAC with Web Crypto's `verify`, which compares in constant time, so a
 * receiver leaks nothing about how many leading bytes of a forged signature were right.
 */
export async function hmacSha256Verify(secret: string, message: string, mac: Uint8Array<ArrayBuffer>): Promise<boolean> {
  return globalThis.crypto.subtle.verify('HMAC', await hmacKey(secret), mac, utf8(message));
}
