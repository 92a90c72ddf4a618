import * as v from 'valibot';
import { ConnectFeaturesSchema, MangoConnectIntegrationSchema } from './integration.js';
import { AppointmentStatusSchema, DELIVERY_STATUSES, WebhookDeliverySchema, WebhookEventSchema } from './webhooks.js';
import { nonNegativeInteger } from './validation.js';

/**
 * The wire shapes between the Biz store-app (browser) and the Biz API: one schema per shape, used
 * by the API to check what it receives and by the browser to check what it gets back. The limits
 * here are the ones the forms enforce, so a value the UI accepts is never refused by the server
 * and a value the server refuses is one the UI would have flagged too.
 */

/** Field limits shared by the forms and the API. */
export const LIMITS = {
  clientName: 120,
  email: 254,
  phone: 25,
  notes: 2000,
  serviceName: 120,
  staffName: 120,
  durationMin: 5,
  durationMax: 600,
} as const;

// Deliberately simple: something@something.tld. Deliverability is the email provider's job.
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
export const PHONE_PATTERN = /^[+()\d\s.-]{5,25}$/;

/**
 * Ids the browser makes (entities and mutations): letters, digits, `_` and `-` only, so an id is
 * safe in a URL, a log line and a header, and a crafted one cannot smuggle anything along.
 */
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const idSchema = (what: string) =>
  v.pipe(v.string(), v.minLength(1, `${what} must not be empty`), v.maxLength(64, `${what} is at most 64 characters`), v.regex(ID_PATTERN, `${what} may hold only letters, digits, "_" and "-"`));
export const MutationIdSchema = v.pipe(
  v.string(),
  v.minLength(8, 'a mutation id has at least 8 characters'),
  v.maxLength(64, 'a mutation id has at most 64 characters'),
  v.regex(ID_PATTERN, 'a mutation id may hold only letters, digits, "_" and "-"'),
);

const trimmed = (max: number, what: string) => v.pipe(v.string(), v.trim(), v.maxLength(max, `${what} must be at most ${max} characters`));
const utcInstant = () => v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 instant'), v.endsWith('Z', 'must be in UTC, ending in "Z"'));

/** A client as the forms send it; the server trims and checks the same rules as the form. */
export const ClientFieldsSchema = v.strictObject({
  name: v.pipe(trimmed(LIMITS.clientName, 'Name'), v.minLength(1, 'Name is required')),
  email: v.pipe(trimmed(LIMITS.email, 'Email'), v.check((s) => s === '' || EMAIL_PATTERN.test(s), 'Email must look like name@example.com')),
  phone: v.pipe(trimmed(LIMITS.phone, 'Phone'), v.check((s) => s === '' || PHONE_PATTERN.test(s), 'Phone may hold only digits, spaces and + ( ) . -')),
  notes: v.pipe(v.string(), v.maxLength(LIMITS.notes, `Notes must be at most ${LIMITS.notes} characters`)),
});
export type ClientFields = v.InferOutput<typeof ClientFieldsSchema>;

export const AppointmentFieldsSchema = v.strictObject({
  clientId: idSchema('clientId'),
  scheduledAt: utcInstant(),
  duration: v.pipe(
    v.number(),
    v.integer('Duration must be a whole number of minutes'),
    v.minValue(LIMITS.durationMin, `Duration must be at least ${LIMITS.durationMin} minutes`),
    v.maxValue(LIMITS.durationMax, `Duration must be at most ${LIMITS.durationMax} minutes`),
  ),
  serviceName: v.pipe(trimmed(LIMITS.serviceName, 'Service'), v.minLength(1, 'Service is required')),
  staffName: v.pipe(trimmed(LIMITS.staffName, 'Staff'), v.minLength(1, 'Staff is required')),
});
export type AppointmentFields = v.InferOutput<typeof AppointmentFieldsSchema>;

/**
 * One change a device asks the server to make. `id` is made by the browser when the change is
 * made (offline too) and is the idempotency key: the server applies it once and answers a repeat
 * with the stored result. Entity ids are made by the browser as well, so a client created offline
 * can be edited offline before the server has seen either change.
 */
export const MutationSchema = v.variant('type', [
  v.strictObject({ id: MutationIdSchema, type: v.literal('client.create'), entityId: idSchema('entityId'), fields: ClientFieldsSchema }),
  v.strictObject({ id: MutationIdSchema, type: v.literal('client.update'), entityId: idSchema('entityId'), fields: ClientFieldsSchema }),
  v.strictObject({ id: MutationIdSchema, type: v.literal('appointment.create'), entityId: idSchema('entityId'), fields: AppointmentFieldsSchema }),
  v.strictObject({ id: MutationIdSchema, type: v.literal('appointment.update'), entityId: idSchema('entityId'), fields: AppointmentFieldsSchema }),
  v.strictObject({ id: MutationIdSchema, type: v.literal('appointment.cancel'), entityId: idSchema('entityId') }),
]);
export type Mutation = v.InferOutput<typeof MutationSchema>;
export type MutationType = Mutation['type'];
export const MUTATION_TYPES = ['client.create', 'client.update', 'appointment.create', 'appointment.update', 'appointment.cancel'] as const satisfies readonly MutationType[];

/** Most mutations one push may carry; they are applied in order, each in its own transaction. */
export const PUSH_LIMIT = 50;
export const PushRequestSchema = v.strictObject({
  // Each mutation is checked on its own, so one malformed mutation is refused alone, in its place.
  mutations: v.pipe(v.array(v.unknown()), v.minLength(1, 'send at least one mutation'), v.maxLength(PUSH_LIMIT, `send at most ${PUSH_LIMIT} mutations at once`)),
});
export type PushRequest = { mutations: Mutation[] };

/** A client row as the server holds it. `seq` is the store's change sequence at its last change. */
export const ClientRowSchema = v.object({
  id: v.string(),
  name: v.string(),
  email: v.string(),
  phone: v.string(),
  notes: v.string(),
  createdAt: v.string(),
  updatedAt: v.string(),
  seq: nonNegativeInteger(),
});
export type ClientRow = v.InferOutput<typeof ClientRowSchema>;

export const AppointmentRowSchema = v.object({
  id: v.string(),
  clientId: v.string(),
  scheduledAt: v.string(),
  duration: v.number(),
  serviceName: v.string(),
  staffName: v.string(),
  status: AppointmentStatusSchema,
  createdAt: v.string(),
  updatedAt: v.string(),
  seq: nonNegativeInteger(),
});
export type AppointmentRow = v.InferOutput<typeof AppointmentRowSchema>;

export const ApiErrorSchema = v.object({ code: v.string(), message: v.string() });
export type ApiError = v.InferOutput<typeof ApiErrorSchema>;

/**
 * One mutation's result, in the order sent. `applied`: the row as it now stands (also for a
 * repeat of an applied id). `refused`: final, never worth retrying (validation, permission, not
 * found in this store, an id reused for a different change); the browser drops the mutation and
 * tells the user.
 */
export const PushResultSchema = v.variant('status', [
  v.object({ id: v.string(), status: v.literal('applied'), seq: nonNegativeInteger(), entity: v.picklist(['client', 'appointment']), row: v.union([ClientRowSchema, AppointmentRowSchema]) }),
  v.object({ id: v.string(), status: v.literal('refused'), error: ApiErrorSchema }),
]);
export type PushResult = v.InferOutput<typeof PushResultSchema>;
export const PushResponseSchema = v.object({ results: v.array(PushResultSchema) });
export type PushResponse = v.InferOutput<typeof PushResponseSchema>;

/** A report of one entity's part in a sync run (US-016/017: total, synced, failed). */
export const SyncReportSchema = v.object({
  total: nonNegativeInteger(),
  synced: nonNegativeInteger(),
  failed: nonNegativeInteger(),
  errors: v.array(v.object({ batchIndex: nonNegativeInteger(), message: v.string() })),
});
export type SyncReport = v.InferOutput<typeof SyncReportSchema>;

export const SYNC_RUN_STATUSES = ['running', 'done', 'failed', 'interrupted'] as const;
/** A sync run as every device of the store sees it (US-018). */
export const SyncRunViewSchema = v.object({
  id: v.string(),
  status: v.picklist(SYNC_RUN_STATUSES),
  startedAt: v.string(),
  finishedAt: v.nullable(v.string()),
  progress: v.nullable(v.object({ entity: v.picklist(['clients', 'appointments']), done: nonNegativeInteger(), total: nonNegativeInteger(), failed: nonNegativeInteger() })),
  clients: v.nullable(SyncReportSchema),
  appointments: v.nullable(SyncReportSchema),
  error: v.nullable(v.string()),
});
export type SyncRunView = v.InferOutput<typeof SyncRunViewSchema>;

/** The store's Connect state, the same for every member: the integration and its latest sync run. */
export const ConnectStateSchema = v.object({
  integration: v.nullable(MangoConnectIntegrationSchema),
  sync: v.nullable(SyncRunViewSchema),
  /** What the last finished run sent (zeros before the first). */
  counts: v.object({ clients: nonNegativeInteger(), appointments: nonNegativeInteger() }),
});
export type ConnectState = v.InferOutput<typeof ConnectStateSchema>;

/** Most rows one page of the change feed carries. */
export const CHANGES_PAGE_LIMIT = 2000;
/**
 * GET /api/changes?since=<cursor>: every row of the store changed after `since`, up to `cursor`.
 * `reset`: the answer is a whole snapshot (since was 0, or ahead of the server, e.g. a database
 * that was replaced): the browser replaces its cache instead of merging. `more`: ask again from
 * `cursor` for the rest. `connect` is present when the Connect state changed after `since`.
 */
export const ChangesResponseSchema = v.object({
  cursor: nonNegativeInteger(),
  more: v.boolean(),
  reset: v.boolean(),
  clients: v.array(ClientRowSchema),
  appointments: v.array(AppointmentRowSchema),
  connect: v.optional(ConnectStateSchema),
});
export type ChangesResponse = v.InferOutput<typeof ChangesResponseSchema>;

/** PATCH /api/connect/config: updateConnectConfig (US-002). Only the features are the store's to change. */
// Strict: a misspelt feature name is refused, not silently dropped as if it had been saved.
export const ConnectConfigPatchSchema = v.strictObject({ features: v.partial(v.strictObject(ConnectFeaturesSchema.entries)) });
export type ConnectConfigPatch = v.InferOutput<typeof ConnectConfigPatchSchema>;

/** GET /api/connect/deliveries: newest first, one page; `next` continues after the last row. */
export const DeliveryQuerySchema = v.strictObject({
  status: v.optional(v.picklist(DELIVERY_STATUSES)),
  event: v.optional(WebhookEventSchema),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/, 'limit must be a whole number'), v.transform(Number), v.minValue(1), v.maxValue(200))),
  before: v.optional(v.pipe(v.string(), v.maxLength(200))),
});
export const DeliveriesResponseSchema = v.object({ deliveries: v.array(WebhookDeliverySchema), next: v.nullable(v.string()) });
export type DeliveriesResponse = v.InferOutput<typeof DeliveriesResponseSchema>;

export const RedeliverRequestSchema = v.strictObject({ eventId: v.pipe(v.string(), v.minLength(1), v.maxLength(128)) });

/** GET /api/connect/health. `unknown`: Connect has no health endpoint; not a sign it is down. */
export const ConnectHealthSchema = v.object({
  state: v.picklist(['up', 'down', 'unknown']),
  latencyMs: v.number(),
  status: v.nullable(v.number()),
  message: v.string(),
});
export type ConnectHealth = v.InferOutput<typeof ConnectHealthSchema>;

/** Server-sent events on GET /api/events: `change` (data `{ seq }`) and `deliveries` (data `{}`). */
export const ChangeEventSchema = v.object({ seq: nonNegativeInteger() });

/** The store's webhook destination as the worker sees it: its circuit and how many failures in a row. */
export const DestinationHealthSchema = v.object({
  state: v.picklist(['closed', 'open', 'half_open']),
  failures: nonNegativeInteger(),
  /** When the next probe goes (open), or null. */
  probeAt: v.nullable(v.string()),
  active: v.boolean(),
});
export type DestinationHealth = v.InferOutput<typeof DestinationHealthSchema>;

/** An event that has not reached Connect yet, with when the worker tries it next. */
export const WaitingEventSchema = v.object({
  eventId: v.string(),
  event: WebhookEventSchema,
  entityId: v.string(),
  attempts: nonNegativeInteger(),
  nextAttemptAt: v.string(),
  lastError: v.nullable(v.string()),
});
export type WaitingEvent = v.InferOutput<typeof WaitingEventSchema>;

/** GET /api/connect/waiting: the destination's health and the events waiting for it, soonest first. */
export const WaitingResponseSchema = v.object({
  destination: v.nullable(DestinationHealthSchema),
  waiting: v.array(WaitingEventSchema),
  /** All waiting events, of which `waiting` lists at most the first 100. */
  total: nonNegativeInteger(),
});
export type WaitingResponse = v.InferOutput<typeof WaitingResponseSchema>;

/** POST /api/connect/waiting/retry: one event (by id) or every waiting event, due now. */
export const RetryNowRequestSchema = v.strictObject({ eventId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(128))) });
/** How many events were made due. */
export const RetryNowResponseSchema = v.object({ due: nonNegativeInteger() });
export type RetryNowResponse = v.InferOutput<typeof RetryNowResponseSchema>;
