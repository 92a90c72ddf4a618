import { Hono } from 'hono';
import * as v from 'valibot';
import { WebhookEventSchema, WebhookPayloadSchema, type WebhookPayload } from '@mango/connect-shared/types';
import { applyAppointment, applyClient } from '../domain/tenants.js';
import type { UpsertResult } from '../domain/types.js';
import { SandboxError } from '../errors.js';
import { parseJson, validate, type Deps, type SandboxEnv } from '../http.js';
import type { ReceivedWebhook } from '../state.js';
import { readSignedBody } from './signed.js';

function peek(text: string): Pick<ReceivedWebhook, 'event' | 'entityId' | 'storeId' | 'data'> {
  try {
    const body = JSON.parse(text) as { event?: unknown; storeId?: unknown; data?: { id?: unknown } };
    const event = v.safeParse(WebhookEventSchema, body.event);
    return {
      event: event.success ? event.output : null,
      entityId: typeof body.data?.id === 'string' ? body.data.id : null,
      storeId: typeof body.storeId === 'string' ? body.storeId : null,
      data: body.data && typeof body.data === 'object' ? (body.data as Record<string, unknown>) : null,
    };
  } catch {
    return { event: null, entityId: null, storeId: null, data: null };
  }
}

export function webhookRoutes(deps: Deps) {
  const { state } = deps;
  return new Hono<SandboxEnv>().post('/webhook-mango-biz', async (c) => {
    // Hono caches the body, so readSignedBody below verifies these very bytes.
    const text = new TextDecoder().decode(await c.req.arrayBuffer());
    const ts = Number(c.req.header('webhook-timestamp'));
    const entry: ReceivedWebhook = {
      seq: state.webhooks.length + 1,
      id: c.req.header('webhook-id') ?? null,
      ...peek(text),
      timestamp: Number.isFinite(ts) ? ts : null,
      receivedAt: deps.now().toISOString(),
      signatureValid: false,
      duplicate: false,
      status: 0,
      outcome: 'rejected',
      errorCode: null,
    };
    // Every arrival is logged, valid or not, so tests can see exactly what Biz sent and when.
    state.webhooks.push(entry);
    try {
      const signed = await readSignedBody(c, deps);
      entry.signatureValid = true;
      const body = parseJson(signed.text);
      const event = (body as { event?: unknown } | null)?.event;
      if (!v.is(WebhookEventSchema, event)) {
        throw new SandboxError(400, 'unknown_event', `Unknown webhook event ${JSON.stringify(event)}; expected one of ${WebhookEventSchema.options.join(', ')}.`);
      }
      const payload: WebhookPayload = validate(WebhookPayloadSchema, body);
      const tenant = state.tenants.get(payload.storeId);
      if (!tenant) {
        throw new SandboxError(404, 'tenant_unknown', `Store "${payload.storeId}" has no Connect tenant; provision it first.`);
      }
      if (state.appliedWebhookIds.has(signed.webhookId)) {
        entry.duplicate = true;
        entry.outcome = 'duplicate';
        entry.status = 200;
        return c.json({ received: true, duplicate: true, id: signed.webhookId });
      }
      let result: UpsertResult;
      switch (payload.event) {
        case 'client.created':
        case 'client.updated':
          result = applyClient(tenant, payload.data, deps.now());
          break;
        case 'appointment.cancelled':
          // The event is authoritative about the status, whatever the data says.
          result = applyAppointment(tenant, { ...payload.data, status: 'cancelled' });
          break;
        default:
          result = applyAppointment(tenant, payload.data);
      }
      state.appliedWebhookIds.add(signed.webhookId);
      entry.outcome = result;
      entry.status = 200;
      return c.json({ received: true, duplicate: false, id: signed.webhookId, result });
    } catch (err) {
      if (err instanceof SandboxError) {
        entry.status = err.status;
        entry.errorCode = err.code;
      } else {
        entry.status = 500;
      }
      throw err;
    }
  });
}
