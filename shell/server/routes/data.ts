import { Hono } from 'hono';
import { PushRequestSchema, type PushResponse } from '@mango/connect-shared';
import * as v from 'valibot';
import type { SessionEnv } from '../auth/session-middleware.js';
import { applyMutations } from '../data/apply-mutations.js';
import { readChanges } from '../data/changes.js';
import type { Db } from '../db/database.js';
import type { Signals } from '../events/signals.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../read-body.js';

const SinceSchema = v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'since must be a whole number ≥ 0 (the cursor of the last page)'), v.transform(Number));

/**
 * The store's data for devices: POST /api/mutations applies a device's changes (idempotent by
 * mutation id, in order); GET /api/changes?since= answers what changed after a device's cursor.
 * Both are scoped by the session's store; nothing in a request can name another.
 */
export function dataRoutes(deps: { db: Db; signals: Signals; now?: () => Date }) {
  const app = new Hono<SessionEnv>();
  app.post('/mutations', async (c) => {
    const { mutations } = await readJsonBody(c, PushRequestSchema);
    const results = await applyMutations({ db: deps.db, session: c.get('session'), signals: deps.signals, ...(deps.now ? { now: deps.now } : {}) }, mutations);
    return c.json({ results } satisfies PushResponse);
  });
  app.get('/changes', async (c) => {
    const parsed = v.safeParse(SinceSchema, c.req.query('since') ?? '0');
    if (!parsed.success) throw new HttpError(400, 'invalid_request', `since: ${parsed.issues[0].message}`);
    c.header('cache-control', 'no-store');
    return c.json(await readChanges(deps.db, c.get('session').store.storeId, parsed.output));
  });
  return app;
}
