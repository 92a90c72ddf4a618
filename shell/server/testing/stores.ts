import type { Role, Session } from '@mango/connect-shared';
import { ROLE_PERMISSIONS } from '../auth/permissions.js';
import type { Db } from '../db/database.js';
import { members, stores } from '../db/schema.js';
import { testHasher } from './test-server.js';

export const TEST_PASSWORD = 'a-test-password-of-some-length';

/**
 * A store of its own for a test, with one member per role asked for (all with TEST_PASSWORD), so
 * tests sharing a database never see each other's rows. Answers each member's session by role.
 */
export async function createTestStore(db: Db, roles: Role[] = ['owner', 'staff']): Promise<{ storeId: string; sessions: Record<Role, Session>; emails: Record<Role, string> }> {
  const storeId = `store_${crypto.randomUUID().slice(0, 8)}`;
  const now = new Date();
  const store = { storeId, tenantId: `tenant_${storeId}`, storeName: `Test Salon ${storeId}` };
  await db.insert(stores).values({ id: storeId, tenantId: store.tenantId, name: store.storeName, createdAt: now });
  const passwordHash = await testHasher.hash(TEST_PASSWORD);
  const sessions = {} as Record<Role, Session>;
  const emails = {} as Record<Role, string>;
  for (const role of roles) {
    const member = { memberId: `m_${role}_${storeId}`, email: `${role}@${storeId}.example`, name: `${role[0]!.toUpperCase()}${role.slice(1)} of ${storeId}`, role, permissions: [...ROLE_PERMISSIONS[role]] };
    await db.insert(members).values({ id: member.memberId, storeId, email: member.email, name: member.name, role, passwordHash, createdAt: now });
    sessions[role] = { store, member };
    emails[role] = member.email;
  }
  return { storeId, sessions, emails };
}
