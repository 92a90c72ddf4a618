import type { Session } from '@mango/connect-shared';
import type { MemberDirectory } from './members.js';
import type { PasswordHasher } from './password.js';

/**
 * Checks an email and password. An unknown email still pays for one hash check (against a
 * throwaway hash), so response time does not reveal which emails are members.
 */
export function createAuthenticator(directory: MemberDirectory, hasher: PasswordHasher) {
  let decoyHash: Promise<string> | undefined;
  return async (email: string, password: string): Promise<Session | null> => {
    const record = await directory.findByEmail(email);
    decoyHash ??= hasher.hash('decoy-password-never-matches');
    const ok = await hasher.verify(password, record?.passwordHash ?? (await decoyHash));
    return ok && record ? { store: record.store, member: record.member } : null;
  };
}
