import type { Context } from 'hono';
import { safeParse, type $ZodType, type output } from 'zod/v4/core';
import { HttpError } from './http-error.js';

/**
 * Reads and validates a JSON body. 400 `invalid_request` whose message names the first failing
 * field (`event.payload.storeId: …`), so the caller can fix the request without guessing.
 */
export async function readJsonBody<S extends $ZodType>(c: Context, schema: S): Promise<output<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body must be JSON.');
  }
  const parsed = safeParse(schema, raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(body)';
    throw new HttpError(400, 'invalid_request', `${field}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
