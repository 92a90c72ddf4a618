import type { Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { safeParse, type $ZodType, type output } from 'zod/v4/core';
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

/** Validates with a zod schema; 400 invalid_body naming the first offending field. */
export function validate<S extends $ZodType>(schema: S, value: unknown, code = 'invalid_body'): output<S> {
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : '(body)';
  throw new SandboxError(400, code, `Field "${field}": ${issue.message}.`);
}

export async function readJsonBody<S extends $ZodType>(c: SandboxContext, schema: S): Promise<output<S>> {
  return validate(schema, parseJson(await c.req.text()));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
