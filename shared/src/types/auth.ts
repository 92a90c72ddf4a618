import { z } from './zod.js';

/** Biz staff roles, most to least privileged. */
export const ROLES = ['owner', 'admin', 'manager', 'staff'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** Roles allowed to manage the Connect integration (settings, provisioning, sync). */
export const CONNECT_ADMIN_ROLES: readonly Role[] = ['owner', 'admin'];

/** The store a staff session belongs to. `tenantId` is the Biz tenant, not Connect's. */
export const StoreSessionSchema = z.object({
  storeId: z.string().check(z.minLength(1)),
  tenantId: z.string().check(z.minLength(1)),
  storeName: z.string().check(z.minLength(1)),
});
export type StoreSession = z.infer<typeof StoreSessionSchema>;

/** The signed-in staff member. */
export const MemberSessionSchema = z.object({
  memberId: z.string().check(z.minLength(1)),
  email: z.email(),
  name: z.string().check(z.minLength(1)),
  role: RoleSchema,
  permissions: z.array(z.string()),
});
export type MemberSession = z.infer<typeof MemberSessionSchema>;

/** What the edge API returns from GET /api/auth/session. */
export const SessionSchema = z.object({ store: StoreSessionSchema, member: MemberSessionSchema });
export type Session = z.infer<typeof SessionSchema>;

/** Claims of the JWT Biz mints for Connect (HS256). exp = iat + 3600. */
export const ConnectTokenClaimsSchema = z.object({
  storeId: z.string().check(z.minLength(1)),
  tenantId: z.string().check(z.minLength(1)),
  memberId: z.string().check(z.minLength(1)),
  memberEmail: z.email(),
  memberName: z.string().check(z.minLength(1)),
  role: RoleSchema,
  permissions: z.array(z.string()),
  iat: z.int(),
  exp: z.int(),
  iss: z.optional(z.string()),
  aud: z.optional(z.union([z.string(), z.array(z.string())])),
  sub: z.optional(z.string()),
  jti: z.optional(z.string()),
});
export type ConnectTokenClaims = z.infer<typeof ConnectTokenClaimsSchema>;

export const CONNECT_TOKEN_ISSUER = 'mango-biz';
export const CONNECT_TOKEN_AUDIENCE = 'mango-connect';
export const CONNECT_TOKEN_TTL_SECONDS = 3600;
export const CONNECT_TOKEN_REFRESH_LEAD_SECONDS = 300;
