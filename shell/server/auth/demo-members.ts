import type { MemberSession, Role, StoreSession } from '@mango/connect-shared';
import { createInMemoryDirectory, type MemberDirectory } from './members.js';
import type { PasswordHasher } from './password.js';

export const DEMO_STORE: StoreSession = {
  storeId: 'store_demo_001',
  tenantId: 'tenant_demo_001',
  storeName: 'Mango Demo Salon',
};

export const DEMO_PASSWORD = 'mango-demo-2026';

const STAFF_PERMISSIONS = ['clients:read', 'clients:write', 'appointments:write', 'messages:read', 'messages:write', 'ai:use'];

/** What each role may do. Only owner and admin hold connect:manage (settings, provisioning, sync). */
export const ROLE_PERMISSIONS: Record<Role, readonly string[]> = {
  owner: ['*'],
  admin: ['connect:manage', 'clients:read', 'clients:write', 'appointments:write', 'messages:read', 'messages:write', 'ai:use', 'campaigns:write'],
  manager: ['clients:read', 'clients:write', 'appointments:write', 'messages:read', 'messages:write', 'ai:use', 'campaigns:write'],
  staff: STAFF_PERMISSIONS,
};

const demoMember = (memberId: string, email: string, name: string, role: Role): MemberSession => ({
  memberId,
  email,
  name,
  role,
  permissions: [...ROLE_PERMISSIONS[role]],
});

export const DEMO_MEMBERS: readonly MemberSession[] = [
  demoMember('member_owner_001', 'owner@demo.mango', 'Olivia Owner', 'owner'),
  demoMember('member_admin_001', 'admin@demo.mango', 'Adam Admin', 'admin'),
  demoMember('member_manager_001', 'manager@demo.mango', 'Maya Manager', 'manager'),
  demoMember('member_staff_001', 'staff@demo.mango', 'Sam Staff', 'staff'),
];

/** The seeded demo store: four members, one per role, all with DEMO_PASSWORD. */
export async function createDemoDirectory(hasher: PasswordHasher): Promise<MemberDirectory> {
  const records = await Promise.all(
    DEMO_MEMBERS.map(async (member) => ({ store: DEMO_STORE, member, passwordHash: await hasher.hash(DEMO_PASSWORD) })),
  );
  return createInMemoryDirectory(records);
}
