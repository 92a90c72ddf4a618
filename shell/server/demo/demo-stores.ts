import type { Role } from '@mango/connect-shared';

/** The password of every demo member. Demo stores exist only in demo mode (BIZ_DEV_MODE=1). */
export const DEMO_PASSWORD = 'mango-demo-2026';

export interface DemoStore {
  id: string;
  tenantId: string;
  name: string;
  members: { id: string; email: string; name: string; role: Role }[];
  data: { clients: number; appointments: number; seed: number; idPrefix: string };
}

/**
 * Two demo stores, each with its own members and data, so isolation between stores can be seen
 * and tested: a member of one never reads nor changes the other's rows.
 */
export const DEMO_STORES: readonly DemoStore[] = [
  {
    id: 'store_demo_001',
    tenantId: 'tenant_demo_001',
    name: 'Mango Demo Salon',
    members: [
      { id: 'member_owner_001', email: 'owner@demo.mango', name: 'Olivia Owner', role: 'owner' },
      { id: 'member_admin_001', email: 'admin@demo.mango', name: 'Adam Admin', role: 'admin' },
      { id: 'member_manager_001', email: 'manager@demo.mango', name: 'Maya Manager', role: 'manager' },
      { id: 'member_staff_001', email: 'staff@demo.mango', name: 'Sam Staff', role: 'staff' },
    ],
    data: { clients: 300, appointments: 600, seed: 20261125, idPrefix: 'demo' },
  },
  {
    id: 'store_demo_002',
    tenantId: 'tenant_demo_002',
    name: 'Mango Demo Spa',
    members: [
      { id: 'member_spa_owner_001', email: 'spa-owner@demo.mango', name: 'Sofia Spa-Owner', role: 'owner' },
      { id: 'member_spa_staff_001', email: 'spa-staff@demo.mango', name: 'Kenji Spa-Staff', role: 'staff' },
    ],
    data: { clients: 60, appointments: 120, seed: 20261203, idPrefix: 'spa' },
  },
];
