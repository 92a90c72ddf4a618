import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The Biz API's database: one schema for PGlite (the embedded default) and a Postgres server.
 * Every row carries its store (`store_id`, or `id` on `stores` itself) and every query the API makes
 * on behalf of a session is scoped by the session's store. Migrations are generated from this file
 * with drizzle-kit (`pnpm --filter @mango/shell db:generate`) into `db/migrations`.
 */

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const stores = pgTable('stores', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  name: text('name').notNull(),
  /**
   * The store's change sequence: bumped inside every write transaction (the row lock orders the
   * store's commits), stamped on what changed, and used by devices as their pull cursor. Not a
   * bigserial: sequence values commit out of order, so a cursor could skip a slower transaction.
   */
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  /** A demo store: seeded in demo mode, refused in production mode. */
  demo: boolean('demo').notNull().default(false),
  createdAt: at('created_at').notNull(),
});

export const members = pgTable(
  'members',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull().references(() => stores.id),
    /** Lower-cased; sign-in looks members up by it. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'manager', 'staff'] }).notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('members_email_idx').on(t.email), index('members_store_idx').on(t.storeId)],
);

/** A staff session: the cookie names it; sign-out revokes it here, for every instance at once. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull().references(() => stores.id),
    memberId: text('member_id').notNull().references(() => members.id),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [index('sessions_member_idx').on(t.memberId)],
);

export const clients = pgTable(
  'clients',
  {
    storeId: text('store_id').notNull().references(() => stores.id),
    id: text('id').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull(),
    notes: text('notes').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.id] }), index('clients_store_seq_idx').on(t.storeId, t.seq)],
);

export const appointments = pgTable(
  'appointments',
  {
    storeId: text('store_id').notNull(),
    id: text('id').notNull(),
    clientId: text('client_id').notNull(),
    scheduledAt: at('scheduled_at').notNull(),
    duration: integer('duration').notNull(),
    serviceName: text('service_name').notNull(),
    staffName: text('staff_name').notNull(),
    status: text('status', { enum: ['scheduled', 'confirmed', 'completed', 'cancelled', 'no_show'] }).notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.id] }),
    // An appointment's client is always of the same store.
    foreignKey({ columns: [t.storeId, t.clientId], foreignColumns: [clients.storeId, clients.id], name: 'appointments_client_fk' }),
    index('appointments_store_seq_idx').on(t.storeId, t.seq),
    index('appointments_store_scheduled_idx').on(t.storeId, t.scheduledAt),
  ],
);

/**
 * Every mutation a device sent, by its id: applied once, and a repeat answers the stored result.
 * `requestHash` tells a true repeat from an id reused for a different change.
 */
export const mutations = pgTable(
  'mutations',
  {
    storeId: text('store_id').notNull().references(() => stores.id),
    id: text('id').notNull(),
    memberId: text('member_id').notNull(),
    type: text('type').notNull(),
    requestHash: text('request_hash').notNull(),
    status: text('status', { enum: ['applied', 'refused'] }).notNull(),
    result: jsonb('result').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.id] })],
);

/** One row per store and integration type; `config` is the PRD's MangoConnectIntegration config. */
export const integrations = pgTable(
  'integrations',
  {
    storeId: text('store_id').notNull().references(() => stores.id),
    type: text('type').notNull(),
    id: text('id').notNull(),
    config: jsonb('config').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.type] })],
);

export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull().references(() => stores.id),
    integrationType: text('integration_type').notNull(),
    /** Where provisioning said to send webhooks; a browser never names it. */
    url: text('url').notNull(),
    events: jsonb('events').$type<string[]>().notNull(),
    active: boolean('active').notNull(),
    failureCount: integer('failure_count').notNull().default(0),
    deactivatedReason: text('deactivated_reason'),
    /**
     * The destination's health, a circuit breaker: `closed` delivers normally; `open` after repeated
     * failures sends nothing but one probe at `probeAt`; `half_open` while that probe is out. A
     * success closes it and makes every event waiting in backoff due at once.
     */
    circuit: text('circuit', { enum: ['closed', 'open', 'half_open'] }).notNull().default('closed'),
    probeAt: at('probe_at'),
    /** The wait before the next probe; doubles after each failed probe, up to a cap. */
    probeIntervalMs: integer('probe_interval_ms').notNull().default(0),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('webhook_subscriptions_store_idx').on(t.storeId),
    // One live subscription per store and integration.
    uniqueIndex('webhook_subscriptions_one_active_idx').on(t.storeId, t.integrationType).where(sql`${t.active}`),
  ],
);

/**
 * The transactional outbox: a webhook event, written in the same transaction as the change it
 * reports. The row is the delivery job. `seq` is the store's change sequence of that change, so an
 * entity's events are ordered by it; `body` is the exact JSON that is signed on every attempt.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull().references(() => stores.id),
    subscriptionId: text('subscription_id').notNull().references(() => webhookSubscriptions.id),
    entityType: text('entity_type', { enum: ['client', 'appointment'] }).notNull(),
    entityId: text('entity_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    event: text('event').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'done', 'dead'] }).notNull(),
    /** Failed attempts so far. */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull(),
    /** A worker holds the event until then; a crashed worker's events come back when it passes. */
    leaseOwner: text('lease_owner'),
    leaseUntil: at('lease_until'),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull(),
    doneAt: at('done_at'),
  },
  (t) => [
    index('outbox_entity_pending_idx').on(t.storeId, t.entityType, t.entityId, t.seq).where(sql`${t.status} = 'pending'`),
    index('outbox_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_subscription_pending_idx').on(t.subscriptionId, t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('outbox_done_idx').on(t.doneAt).where(sql`${t.status} = 'done'`),
  ],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull().references(() => stores.id),
    subscriptionId: text('subscription_id').notNull(),
    eventId: text('event_id').notNull(),
    event: text('event').notNull(),
    entityId: text('entity_id').notNull(),
    status: text('status', { enum: ['delivered', 'failed', 'retrying', 'dead'] }).notNull(),
    responseCode: integer('response_code'),
    responseBody: text('response_body').notNull(),
    sentAt: at('sent_at').notNull(),
    attempt: integer('attempt').notNull(),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
  },
  (t) => [index('webhook_deliveries_store_sent_idx').on(t.storeId, t.sentAt, t.id), index('webhook_deliveries_sent_idx').on(t.sentAt)],
);

/**
 * One initial sync or Sync Now of a store. At most one runs per store; `heartbeatAt` says the
 * process running it is alive, so a run cut off by a crash is found and resumed from `cursor`.
 */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: text('id').primaryKey(),
    storeId: text('store_id').notNull().references(() => stores.id),
    status: text('status', { enum: ['running', 'done', 'failed', 'interrupted'] }).notNull(),
    startedBy: text('started_by').notNull(),
    startedAt: at('started_at').notNull(),
    finishedAt: at('finished_at'),
    heartbeatAt: at('heartbeat_at').notNull(),
    owner: text('owner'),
    /** Where each entity stands: the last id sent and the report so far. */
    state: jsonb('state').notNull(),
    error: text('error'),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    index('sync_runs_store_idx').on(t.storeId, t.startedAt),
    uniqueIndex('sync_runs_one_running_idx').on(t.storeId).where(sql`${t.status} = 'running'`),
  ],
);

/**
 * Failed sign-ins per account and per address, in a window: shared by every API instance. The one
 * table without a store: sign-in happens before anyone knows which store the caller belongs to.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  windowStart: at('window_start').notNull(),
  failures: integer('failures').notNull(),
});
