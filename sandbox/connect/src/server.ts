import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { SandboxConfig } from './config.js';
import { createSandboxApp, type SandboxApp, type SandboxAppOptions } from './app.js';

export interface RunningSandbox extends SandboxApp {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the sandbox on `host:port` (port 0 = any free port). Tests use this in-process;
 * main.ts uses it for `start`.
 */
export async function startSandbox(config: SandboxConfig, opts: SandboxAppOptions = {}): Promise<RunningSandbox> {
  const sandbox = createSandboxApp(config, opts);
  const server = createAdaptorServer({ fetch: sandbox.app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    ...sandbox,
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
