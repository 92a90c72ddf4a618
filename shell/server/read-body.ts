import type { Context } from 'hono';
import type { z } from 'zod';
import { HttpError } from './http-error.js';

/**
 * Reads and validates a JSON body. 400 `invalid_request` whose message names the first failing
 * field (`event.payload.storeId: …`), so the caller can fix the request without guessing.
 */
export async function readJsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body must be JSON.');
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(body)';
    throw new HttpError(400, 'invalid_request', `${field}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
