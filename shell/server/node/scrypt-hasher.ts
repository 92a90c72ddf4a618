import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../auth/password.js';

const KEY_LENGTH = 32;
// OWASP's scrypt minimum (N=2^17, r=8, p=1) costs ~128 MiB per hash; 2^15 keeps login fast on
// the 2-core demo box while staying far above brute-force-friendly costs. Encoded in the hash,
// so raising it later still verifies old hashes.
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 };

const scryptAsync = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keylen, { ...opts, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** scrypt from node:crypto; hashes are `scrypt$N$r$p$<salt b64>$<key b64>`. */
export function createScryptHasher(cost = DEFAULT_COST): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await scryptAsync(password, salt, KEY_LENGTH, cost);
      return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
    },
    async verify(password, encoded) {
      const [scheme, n, r, p, saltB64, keyB64] = encoded.split('$');
      if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
      const expected = Buffer.from(keyB64, 'base64');
      if (expected.length !== KEY_LENGTH) return false;
      try {
        const actual = await scryptAsync(password, Buffer.from(saltB64, 'base64'), KEY_LENGTH, { N: Number(n), r: Number(r), p: Number(p) });
        return timingSafeEqual(actual, expected);
      } catch {
        return false;
      }
    },
  };
}
