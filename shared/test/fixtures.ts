import type { AppointmentData, ClientData, MemberSession, StoreSession } from '../src/types/index.js';

export const JWT_SECRET = 'jwt-secret-for-tests-0123456789abcdef';
export const WEBHOOK_SECRET = 'whk-secret-for-tests-0123456789abcdef';

export const store: StoreSession = { storeId: 'store_1', tenantId: 'tenant_1', storeName: 'Lotus Nails' };
export const member: MemberSession = {
  memberId: 'mem_1',
  email: 'ana@lotus.example',
  name: 'Ana Pham',
  role: 'manager',
  permissions: ['clients.read', 'messages.send'],
};

export const client: ClientData = {
  id: 'cli_1',
  name: 'Bea Tran',
  email: 'bea@example.com',
  phone: '+15550100',
  notes: 'prefers mornings',
  createdAt: '2026-11-01T10:00:00.000Z',
  updatedAt: '2026-11-02T10:00:00.000Z',
};

export const appointment: AppointmentData = {
  id: 'apt_1',
  clientId: 'cli_1',
  clientName: 'Bea Tran',
  clientEmail: 'bea@example.com',
  clientPhone: '+15550100',
  scheduledAt: '2026-11-30T15:00:00.000Z',
  duration: 60,
  serviceName: 'Gel manicure',
  staffName: 'Ana Pham',
  status: 'scheduled',
};
