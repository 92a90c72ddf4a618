import type { Role, Session } from '@mango/connect-shared';

// Mirrors CONNECT_ADMIN_ROLES from @mango/connect-shared (roles.test.ts keeps them equal), so the
// remote's bundle takes only types from the shared package: importing WEBHOOK_EVENTS brought
// valibot along (+8 KB minified, session 8).
export const CONNECT_ADMIN_ROLES: readonly Role[] = ['owner', 'admin'];

/** Whether this session may manage the Connect integration (settings, enable, sync). */
export function canManageConnect(session: Session | null): boolean {
  return session !== null && CONNECT_ADMIN_ROLES.includes(session.member.role);
}
