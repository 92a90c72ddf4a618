/**
 * Hashes and checks passwords. An interface so the app stays portable: Node injects scrypt
 * (node/scrypt-hasher.ts); an edge runtime could inject a Web Crypto PBKDF2 one.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time check of `password` against a string produced by `hash`. False on any malformed hash. */
  verify(password: string, encoded: string): Promise<boolean>;
}
