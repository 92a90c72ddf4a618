import type { Session } from '@mango/connect-shared';
import type { Queryable } from '../db/database.js';
import { findMemberByEmail } from './members.js';
import type { PasswordHasher } from './password.js';

/**
 * Checks an email and password. An unknown email still pays for one hash check (against a
 * throwaway hash), so response time does not reveal which emails are members. In production mode
 * a demo store's members cannot sign in (`allowDemo` false): demo accounts have a published password.
 */
export function createAuthenticator(q: () => Queryable, hasher: PasswordHasher, opts: { allowDemo: boolean }) {
  let decoyHash: Promise<string> | undefined;
  return async (email: string, password: string): Promise<Session | null> => {
    const record = await findMemberByEmail(q(), email);
    decoyHash ??= hasher.hash('decoy-password-never-matches');
    const ok = await hasher.verify(password, record?.passwordHash ?? (await decoyHash));
    if (!ok || !record || (record.demo && !opts.allowDemo)) return null;
    return { store: record.store, member: record.member };
  };
}
