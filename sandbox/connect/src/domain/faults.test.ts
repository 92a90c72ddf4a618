import { describe, expect, it } from 'vitest';
import { rateFires, routeOfPath, takeFault, type FaultRule } from './faults.js';

const rule = (over: Partial<FaultRule>): FaultRule => ({ id: 1, route: 'webhook', status: 503, seen: 0, fired: 0, ...over });

describe('faults', () => {
  it('samples a rate deterministically: 0.5 fires on every second request', () => {
    const fired = [1, 2, 3, 4, 5, 6].filter((n) => rateFires(n, 0.5));
    expect(fired).toEqual([2, 4, 6]);
    expect([1, 2, 3, 4].every((n) => rateFires(n, 1))).toBe(true);
    expect([1, 2, 3, 4].some((n) => rateFires(n, 0))).toBe(false);
  });

  it('fires only for its route and never for the admin API', () => {
    const rules = [rule({ route: '*' })];
    expect(takeFault(rules, '/__admin/faults')).toBeNull();
    expect(takeFault(rules, '/health')).not.toBeNull();
    const scoped = [rule({ route: 'sync' })];
    expect(takeFault(scoped, '/webhook-mango-biz')).toBeNull();
    expect(takeFault(scoped, '/api-mango-biz-sync')).not.toBeNull();
  });

  it('removes a counted rule after it fired that many times', () => {
    const rules = [rule({ count: 2 })];
    expect(takeFault(rules, '/webhook-mango-biz')?.fired).toBe(1);
    expect(takeFault(rules, '/webhook-mango-biz')?.fired).toBe(2);
    expect(takeFault(rules, '/webhook-mango-biz')).toBeNull();
    expect(rules).toHaveLength(0);
  });

  it('maps request paths to fault routes', () => {
    expect(routeOfPath('/sdk-api/conversations')).toBe('sdk-api');
    expect(routeOfPath('/sdk/mango-connect-sdk.js')).toBe('sdk');
    expect(routeOfPath('/auth-mango-biz')).toBe('auth');
    expect(routeOfPath('/provision-mango-biz-tenant')).toBe('provision');
  });
});
