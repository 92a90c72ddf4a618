import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { issuePath } from '@mango/connect-shared/types';
import * as v from 'valibot';
import type { SandboxConfig } from './config.js';
import { SandboxError } from './errors.js';
import type { SandboxState } from './state.js';

/** Node bindings are absent when the app runs in-process via app.request(). */
export type SandboxEnv = { Bindings: Partial<HttpBindings> };
export type SandboxContext = Context<SandboxEnv>;

export interface Deps {
  config: SandboxConfig;
  state: SandboxState;
  now: () => Date;
}

/** Parses JSON text; 400 invalid_json with the parser's reason. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new SandboxError(400, 'invalid_json', `Body is not valid JSON: ${(err as Error).message}.`);
  }
}

/** Validates with a valibot schema; 400 invalid_body naming the first offending field. */
export function validate<S extends v.GenericSchema>(schema: S, value: unknown, code = 'invalid_body'): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const issue = result.issues[0];
  throw new SandboxError(400, code, `Field "${issuePath(issue, '(body)')}": ${issue.message}.`);
}

export async function readJsonBody<S extends v.GenericSchema>(c: SandboxContext, schema: S): Promise<v.InferOutput<S>> {
  return validate(schema, parseJson(await c.req.text()));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
