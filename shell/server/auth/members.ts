import type { MemberSession, StoreSession } from '@mango/connect-shared';

/** A staff member as the directory keeps them: who, in which store, and the password hash. */
export interface MemberRecord {
  store: StoreSession;
  member: MemberSession;
  passwordHash: string;
}

/** Where members come from. In-memory for the demo; a real deployment plugs in its user service. */
export interface MemberDirectory {
  findByEmail(email: string): Promise<MemberRecord | undefined>;
  findById(memberId: string): Promise<MemberRecord | undefined>;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function createInMemoryDirectory(records: readonly MemberRecord[]): MemberDirectory {
  const byEmail = new Map(records.map((r) => [normaliseEmail(r.member.email), r]));
  const byId = new Map(records.map((r) => [r.member.memberId, r]));
  return {
    findByEmail: async (email) => byEmail.get(normaliseEmail(email)),
    findById: async (memberId) => byId.get(memberId),
  };
}
