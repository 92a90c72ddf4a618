// Spawns extra real servers for specs that need to break or swap them (the main stack stays up).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackEnv } from '../../scripts/lib/demo-env.mjs';
import { PORTS } from './env';

export const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

export interface Server {
  url: string;
  stop: () => Promise<void>;
}

// A shell on a fresh database migrates and seeds the demo stores before it answers: seconds on an
// idle machine, much longer on a busy one.
async function waitUntilUp(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server for ${url} exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms`);
}

/** Servers this worker started and has not stopped: killed when the worker exits, however it exits. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

async function startTsx(entry: string, env: Record<string, string>, health: string): Promise<Server> {
  // A server left over from an earlier run would answer the health check in place of the new one,
  // and the spec would test whatever build that server was serving.
  if (await answers(health)) {
    throw new Error(`Something already answers ${health}: a server left over from an earlier run? Stop it (for example \`pkill -f ${entry}\`) and run again.`);
  }
  const child = spawn(TSX, [entry], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return waitUntilUp(health, child).then(
    () => ({ url: health, stop }),
    async (err) => {
      await stop();
      throw err;
    },
  );
}

/** A connect-host remote server on `port`, serving the build in `dist`. */
export function startRemote(port: number, dist: string): Promise<Server> {
  return startTsx('remotes/connect-host/serve.ts', { REMOTE_PORT: String(port), REMOTE_DIST: dist }, `http://localhost:${port}/mf-manifest.json`);
}

/** The environment of a shell + Biz API on `port` whose runtime config points at a remote on `remotePort`, with the main stack's sandbox. */
export function shellEnv(port: number, remotePort: number, extra: Record<string, string> = {}): Record<string, string> {
  return stackEnv({ shell: port, remote: remotePort, sandbox: PORTS.sandbox }, extra);
}

/**
 * A shell + Biz API on `port` whose runtime config points at a remote on `remotePort`; uses the
 * main stack's sandbox. `extra` adds Biz API env. Unless `extra` names a database (DATABASE_URL or
 * BIZ_PGLITE_DIR), it gets a PGlite directory of its own, removed when it stops: a spec's server
 * must never open the demo's directory, nor another server's.
 */
export async function startShell(port: number, remotePort: number, extra: Record<string, string> = {}): Promise<Server> {
  const ownDir = extra.DATABASE_URL || extra.BIZ_PGLITE_DIR ? null : mkdtempSync(join(tmpdir(), 'mango-e2e-shell-'));
  const env = shellEnv(port, remotePort, ownDir ? { BIZ_PGLITE_DIR: join(ownDir, 'pglite'), ...extra } : extra);
  const removeDir = () => ownDir && rmSync(ownDir, { recursive: true, force: true });
  const server = await startTsx('shell/server/main.ts', env, `http://localhost:${port}/runtime-config.json`).catch((err: unknown) => {
    removeDir();
    throw err;
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      removeDir();
    },
  };
}

/** Runs `tsx shell/server/main.ts` with `env` until it exits on its own (or `timeoutMs` passes); answers its exit code and output. */
export function runShellToExit(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['shell/server/main.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, output });
    });
  });
}
