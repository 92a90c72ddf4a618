import type { MemberSession, Role } from '@mango/connect-shared';

/** What each role may do. Only owner and admin hold connect:manage (settings, provisioning, sync). */
export const ROLE_PERMISSIONS: Record<Role, readonly string[]> = {
  owner: ['*'],
  admin: ['connect:manage', 'clients:read', 'clients:write', 'appointments:write', 'messages:read', 'messages:write', 'ai:use', 'campaigns:write'],
  manager: ['clients:read', 'clients:write', 'appointments:write', 'messages:read', 'messages:write', 'ai:use', 'campaigns:write'],
  staff: ['clients:read', 'clients:write', 'appointments:write', 'messages:read', 'messages:write', 'ai:use'],
};

export function can(member: Pick<MemberSession, 'permissions'>, permission: string): boolean {
  return member.permissions.includes('*') || member.permissions.includes(permission);
}
