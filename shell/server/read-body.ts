import type { Context } from 'hono';
import { issuePath } from '@mango/connect-shared';
import * as v from 'valibot';
import { HttpError } from './http-error.js';

/**
 * Reads and validates a JSON body. 400 `invalid_request` whose message names the first failing
 * field (`event.payload.storeId: …`), so the caller can fix the request without guessing.
 */
export async function readJsonBody<S extends v.GenericSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new HttpError(400, 'invalid_json', 'The request body must be JSON.');
  }
  const parsed = v.safeParse(schema, raw);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new HttpError(400, 'invalid_request', `${issuePath(issue, '(body)')}: ${issue.message}`);
  }
  return parsed.output;
}
