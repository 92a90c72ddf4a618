import type { MemberSession, Session, StoreSession } from '@mango/connect-shared';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/database.js';
import { members, sessions, stores } from '../db/schema.js';
import { ROLE_PERMISSIONS } from './permissions.js';

/** A staff member as sign-in reads them: who, in which store, and the password hash. */
export interface MemberRecord extends Session {
  passwordHash: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

const memberColumns = {
  storeId: stores.id,
  tenantId: stores.tenantId,
  storeName: stores.name,
  demo: stores.demo,
  memberId: members.id,
  email: members.email,
  name: members.name,
  role: members.role,
  passwordHash: members.passwordHash,
};

type Joined = { storeId: string; tenantId: string; storeName: string; demo: boolean; memberId: string; email: string; name: string; role: MemberSession['role']; passwordHash: string };

function sessionOf(r: Joined): MemberRecord & { demo: boolean } {
  const store: StoreSession = { storeId: r.storeId, tenantId: r.tenantId, storeName: r.storeName };
  // Permissions follow the role as it is now, so a role change takes effect on the next request.
  const member: MemberSession = { memberId: r.memberId, email: r.email, name: r.name, role: r.role, permissions: [...ROLE_PERMISSIONS[r.role]] };
  return { store, member, passwordHash: r.passwordHash, demo: r.demo };
}

export async function findMemberByEmail(q: Queryable, email: string) {
  const [row] = await q.select(memberColumns).from(members).innerJoin(stores, eq(stores.id, members.storeId)).where(eq(members.email, normaliseEmail(email)));
  return row ? sessionOf(row) : undefined;
}

/** The member and store of a live session (not revoked, not expired), or undefined. */
export async function findSessionMember(q: Queryable, sessionId: string, now: Date) {
  const [row] = await q
    .select({ ...memberColumns, sessionStoreId: sessions.storeId })
    .from(sessions)
    .innerJoin(members, eq(members.id, sessions.memberId))
    .innerJoin(stores, eq(stores.id, members.storeId))
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  // A member moved to another store keeps no session of the old one.
  if (!row || row.sessionStoreId !== row.storeId) return undefined;
  return sessionOf(row);
}
