import { Hono } from 'hono';
import type { ConnectTokenClaims } from '@mango/connect-shared/types';
import type { Deps, SandboxContext, SandboxEnv } from '../http.js';
import { bearerToken, verifyBizToken } from '../security/verify-token.js';
import { isExpiredByAdmin, noteTokenSeen } from '../security/token-expiry.js';

/** Validates the request's Biz JWT (shared by /auth-mango-biz and the SDK API). */
export async function authenticate(c: SandboxContext, deps: Deps): Promise<ConnectTokenClaims> {
  const token = bearerToken(c.req.header('authorization'));
  const now = deps.now();
  const claims = await verifyBizToken(token, deps.config.jwtSecret, {
    now,
    isRevoked: (t, cl) => isExpiredByAdmin(deps.state, t, cl.iat),
  });
  noteTokenSeen(deps.state, token, now.getTime());
  return claims;
}

export function authRoutes(deps: Deps) {
  return new Hono<SandboxEnv>().post('/auth-mango-biz', async (c) => {
    const claims = await authenticate(c, deps);
    const tenant = deps.state.tenants.get(claims.storeId);
    return c.json({
      session: {
        storeId: claims.storeId,
        connectTenantId: tenant?.connectTenantId ?? null,
        member: {
          memberId: claims.memberId,
          email: claims.memberEmail,
          name: claims.memberName,
          role: claims.role,
          permissions: claims.permissions,
        },
        expiresAt: new Date(claims.exp * 1000).toISOString(),
      },
    });
  });
}
