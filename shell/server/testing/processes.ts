// Test helper: real child processes (the Connect sandbox, the edge API's main.ts) started with tsx.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TSX = `${ROOT}node_modules/.bin/tsx`;

export interface Proc {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop: () => Promise<number | null>;
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process for ${url} exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms:\n${output()}`);
}

/** Runs `entry` with tsx; resolves once `healthPath` answers 2xx. */
export async function startProcess(entry: string, env: Record<string, string>, port: number, healthPath: string): Promise<Proc> {
  const child = spawn(TSX, [entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilUp(`${url}${healthPath}`, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, child, output: () => log, stop };
}

/** The real Connect sandbox (sandbox/connect) with its admin API, on a free port. */
export async function startSandboxProcess(secrets: { MANGO_CONNECT_JWT_SECRET: string; MANGO_CONNECT_WEBHOOK_SECRET: string }) {
  const port = await freePort();
  const proc = await startProcess(
    'sandbox/connect/src/main.ts',
    {
      ...secrets,
      SANDBOX_PORT: String(port),
      SANDBOX_HOST: '127.0.0.1',
      SANDBOX_PUBLIC_URL: `http://127.0.0.1:${port}`,
      SANDBOX_ADMIN: '1',
    },
    port,
    '/health',
  );
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${proc.url}/__admin${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`sandbox admin ${method} ${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  return { ...proc, admin };
}
