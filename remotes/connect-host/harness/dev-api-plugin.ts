// Dev-server only (vite.harness.config.ts): the two things the shell's edge API does with secrets,
// done here so the harness can talk to the real sandbox. Never part of the remote's build.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import type * as Jwt from '@mango/connect-shared/jwt';
import type * as Webhooks from '@mango/connect-shared/webhooks';
import type * as Types from '@mango/connect-shared/types';
import type { ProvisionRequest } from '@mango/connect-shared/types';
import { harnessSession } from './session.js';

// The shared package is TypeScript source; Node cannot import it while Vite loads this config,
// so the dev server's module runner loads it on first use.
type SharedModules = {
  jwt: typeof Jwt;
  webhooks: typeof Webhooks;
  types: typeof Types;
};

export interface HarnessApiOptions {
  jwtSecret: string;
  webhookSecret: string;
  sandboxUrl: string;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/** The role asked for in `?role=`, or an error naming the roles there are. */
function roleOf(types: typeof Types, role: string): Types.Role {
  const known = types.ROLES.find((r) => r === role);
  if (!known) throw new Error(`Unknown role "${role}"; use one of ${types.ROLES.join(', ')}.`);
  return known;
}

async function provision(shared: SharedModules, opts: HarnessApiOptions, role: string) {
  const { store, member } = harnessSession(roleOf(shared.types, role));
  const body: ProvisionRequest = {
    storeId: store.storeId,
    storeName: store.storeName,
    tenantId: store.tenantId,
    ownerEmail: member.email,
    ownerName: member.name,
  };
  const rawBody = JSON.stringify(body);
  const headers = await shared.webhooks.signedRequestHeaders({ id: `prov_${store.storeId}_${Date.now()}`, rawBody, secret: opts.webhookSecret });
  const res = await fetch(`${opts.sandboxUrl}/provision-mango-biz-tenant`, { method: 'POST', headers, body: rawBody });
  return { status: res.status, body: (await res.json()) as unknown };
}

/** GET /harness/token?role=owner mints a Connect JWT; POST /harness/provision provisions the harness store in the sandbox. */
export function harnessApi(opts: HarnessApiOptions): Plugin {
  return {
    name: 'connect-host-harness-api',
    apply: 'serve',
    configureServer(server) {
      let shared: Promise<SharedModules> | undefined;
      const load = () =>
        (shared ??= Promise.all([
          server.ssrLoadModule('@mango/connect-shared/jwt'),
          server.ssrLoadModule('@mango/connect-shared/webhooks'),
          server.ssrLoadModule('@mango/connect-shared/types'),
        ]).then(([jwt, webhooks, types]) => ({ jwt, webhooks, types }) as SharedModules));
      server.middlewares.use('/harness', (req: IncomingMessage, res: ServerResponse) => {
        const url = new URL(req.url ?? '/', 'http://harness');
        const role = url.searchParams.get('role') ?? 'owner';
        const run = async () => {
          const mods = await load();
          if (url.pathname === '/token' && req.method === 'GET') {
            const { store, member } = harnessSession(roleOf(mods.types, role));
            return send(res, 200, { token: await mods.jwt.generateConnectToken(store, member, opts.jwtSecret) });
          }
          if (url.pathname === '/provision' && req.method === 'POST') {
            const answer = await provision(mods, opts, role);
            return send(res, answer.status, answer.body);
          }
          send(res, 404, { error: { code: 'not_found', message: `No harness endpoint ${req.method} ${url.pathname}` } });
        };
        run().catch((err: unknown) =>
          send(res, 500, { error: { code: 'harness_error', message: `${err instanceof Error ? err.message : String(err)} (is the sandbox running at ${opts.sandboxUrl}?)` } }),
        );
      });
    },
  };
}
