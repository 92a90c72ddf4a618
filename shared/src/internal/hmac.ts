import { utf8 } from './bytes.js';

/** HMAC-SHA256 on Web Crypto; the key is the UTF-8 bytes of the secret. */
async function importHmacKey(secret: string, usages: KeyUsage[]): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, usages);
}

export async function hmacSha256(secret: string, message: string): Promise<Uint8Array> {
  const key = await importHmacKey(secret, ['sign']);
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, utf8(message)));
}

/**
 * Checks a received MAC with Web Crypto's `verify`, which compares in constant time, so a
 * receiver leaks nothing about how many leading bytes of a forged signature were right.
 */
export async function hmacSha256Verify(secret: string, message: string, mac: Uint8Array<ArrayBuffer>): Promise<boolean> {
  const key = await importHmacKey(secret, ['verify']);
  return globalThis.crypto.subtle.verify('HMAC', key, mac, utf8(message));
}
