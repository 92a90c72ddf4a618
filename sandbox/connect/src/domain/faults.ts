import * as v from 'valibot';

export const FAULT_ROUTES = ['webhook', 'sync', 'provision', 'auth', 'sdk', 'sdk-api', '*'] as const;
export type FaultRoute = (typeof FAULT_ROUTES)[number];

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));

export const FaultSpecSchema = v.pipe(
  v.object({
    route: v.picklist(FAULT_ROUTES),
    status: v.optional(int(100, 599)),
    retryAfterSeconds: v.optional(int(0)),
    latencyMs: v.optional(int(0, 120_000)),
    drop: v.optional(v.boolean()),
    rate: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
    count: v.optional(int(1)),
    /** A raw answer body (with `status`, default 200): how a broken Connect answers garbage or a lying payload. */
    body: v.optional(v.pipe(v.string(), v.maxLength(100_000))),
  }),
  v.check((f) => f.status !== undefined || f.drop === true || f.latencyMs !== undefined || f.body !== undefined, 'a fault needs at least one of status, drop, latencyMs or body'),
);
export type FaultSpec = v.InferOutput<typeof FaultSpecSchema>;

export interface FaultRule extends FaultSpec {
  id: number;
  /** Matching requests seen so far (drives the deterministic rate). */
  seen: number;
  /** Times this fault fired. */
  fired: number;
}

/** Which fault route a request path belongs to; null = never faulted (admin). */
export function routeOfPath(path: string): Exclude<FaultRoute, '*'> | 'other' | null {
  if (path.startsWith('/__admin')) return null;
  if (path === '/webhook-mango-biz') return 'webhook';
  if (path === '/api-mango-biz-sync') return 'sync';
  if (path === '/provision-mango-biz-tenant') return 'provision';
  if (path === '/auth-mango-biz') return 'auth';
  if (path.startsWith('/sdk-api/')) return 'sdk-api';
  if (path.startsWith('/sdk/')) return 'sdk';
  return 'other';
}

/**
 * Deterministic sampling: the n-th matching request fires when floor(n·rate) steps up, so
 * rate 0.5 fires on requests 2, 4, 6… and rate 0.25 on 4, 8… — stable across test runs.
 */
export function rateFires(n: number, rate: number): boolean {
  return Math.floor(n * rate + 1e-9) > Math.floor((n - 1) * rate + 1e-9);
}

/**
 * Picks the first rule that fires for this request and updates the counters. A rule with
 * `count` is removed after it fired that many times.
 */
export function takeFault(rules: FaultRule[], path: string): FaultRule | null {
  const route = routeOfPath(path);
  if (route === null) return null;
  for (const rule of rules) {
    if (rule.route !== '*' && rule.route !== route) continue;
    rule.seen += 1;
    if (!rateFires(rule.seen, rule.rate ?? 1)) continue;
    rule.fired += 1;
    if (rule.count !== undefined && rule.fired >= rule.count) rules.splice(rules.indexOf(rule), 1);
    return rule;
  }
  return null;
}
