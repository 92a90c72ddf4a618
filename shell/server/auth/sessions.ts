import type { Session } from '@mango/connect-shared';
import { and, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/database.js';
import { sessions } from '../db/schema.js';
import { SESSION_TTL_SECONDS } from './session-token.js';

/** Records a new session for a member who just signed in; answers its id (the cookie names it). */
export async function createSession(q: Queryable, session: Session, now = new Date()): Promise<string> {
  const id = `sess_${crypto.randomUUID()}`;
  await q.insert(sessions).values({
    id,
    storeId: session.store.storeId,
    memberId: session.member.memberId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000),
  });
  return id;
}

/** Sign-out: the session stops working on every device and instance at once. */
export async function revokeSession(q: Queryable, sessionId: string, storeId: string, now = new Date()): Promise<void> {
  await q.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), eq(sessions.storeId, storeId), isNull(sessions.revokedAt)));
}
