import type { Role, Session } from '@mango/connect-shared';

/** The harness's fake signed-in member: the demo store, with the role picked in the harness toolbar. */
export function harnessSession(role: Role): Session {
  return {
    store: { storeId: 'store_demo_001', tenantId: 'tenant_demo_001', storeName: 'Mango Demo Salon' },
    member: {
      memberId: `member_harness_${role}`,
      email: `${role}@demo.mango`,
      name: `Harness ${role[0]?.toUpperCase()}${role.slice(1)}`,
      role,
      permissions: [],
    },
  };
}
