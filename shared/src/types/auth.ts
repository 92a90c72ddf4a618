import * as v from 'valibot';
import { integer, nonEmptyString } from './validation.js';

/** Biz staff roles, most to least privileged. */
export const ROLES = ['owner', 'admin', 'manager', 'staff'] as const;
export const RoleSchema = v.picklist(ROLES);
export type Role = v.InferOutput<typeof RoleSchema>;

/** Roles allowed to manage the Connect integration (settings, provisioning, sync). */
export const CONNECT_ADMIN_ROLES: readonly Role[] = ['owner', 'admin'];

const email = () => v.pipe(v.string(), v.email());

/** The store a staff session belongs to. `tenantId` is the Biz tenant, not Connect's. */
export const StoreSessionSchema = v.object({
  storeId: nonEmptyString(),
  tenantId: nonEmptyString(),
  storeName: nonEmptyString(),
});
export type StoreSession = v.InferOutput<typeof StoreSessionSchema>;

/** The signed-in staff member. */
export const MemberSessionSchema = v.object({
  memberId: nonEmptyString(),
  email: email(),
  name: nonEmptyString(),
  role: RoleSchema,
  permissions: v.array(v.string()),
});
export type MemberSession = v.InferOutput<typeof MemberSessionSchema>;

/** What the edge API returns from GET /api/auth/session. */
export const SessionSchema = v.object({ store: StoreSessionSchema, member: MemberSessionSchema });
export type Session = v.InferOutput<typeof SessionSchema>;

/** Claims of the JWT Biz mints for Connect (HS256). exp = iat + 3600. */
export const ConnectTokenClaimsSchema = v.object({
  storeId: nonEmptyString(),
  tenantId: nonEmptyString(),
  memberId: nonEmptyString(),
  memberEmail: email(),
  memberName: nonEmptyString(),
  role: RoleSchema,
  permissions: v.array(v.string()),
  iat: integer(),
  exp: integer(),
  iss: v.optional(v.string()),
  aud: v.optional(v.union([v.string(), v.array(v.string())])),
  sub: v.optional(v.string()),
  jti: v.optional(v.string()),
});
export type ConnectTokenClaims = v.InferOutput<typeof ConnectTokenClaimsSchema>;

export const CONNECT_TOKEN_ISSUER = 'mango-biz';
export const CONNECT_TOKEN_AUDIENCE = 'mango-connect';
export const CONNECT_TOKEN_TTL_SECONDS = 3600;
export const CONNECT_TOKEN_REFRESH_LEAD_SECONDS = 300;
