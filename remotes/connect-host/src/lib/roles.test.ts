import { describe, expect, it } from 'vitest';
import { CONNECT_ADMIN_ROLES as SHARED_ADMIN_ROLES } from '@mango/connect-shared';
import { CONNECT_ADMIN_ROLES, canManageConnect } from './roles.js';
import { makeSession } from '../test/fixtures.js';

describe('canManageConnect', () => {
  it('uses the same admin roles as the shared contract', () => {
    expect([...CONNECT_ADMIN_ROLES]).toEqual([...SHARED_ADMIN_ROLES]);
  });
  it('lets owners and admins manage Connect, not managers, staff or nobody', () => {
    expect(canManageConnect(makeSession('owner'))).toBe(true);
    expect(canManageConnect(makeSession('admin'))).toBe(true);
    expect(canManageConnect(makeSession('manager'))).toBe(false);
    expect(canManageConnect(makeSession('staff'))).toBe(false);
    expect(canManageConnect(null)).toBe(false);
  });
});
