// The fault soak's own deployment, as production runs it on a Postgres server: a throwaway
// PostgreSQL cluster, Biz API instances without an in-process worker (BIZ_WORKER=0) and delivery
// worker processes (`pnpm worker`), all on the main test stack's Connect sandbox and remote. Every
// process writes its output to a log file in the soak's folder, so a failed soak can be read after.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThrowawayCluster, type ThrowawayCluster } from '../../scripts/lib/postgres.mjs';
import { PORTS } from './env';
import { ROOT, shellEnv } from './processes';

/** One process of the soak's deployment. */
export interface SoakProcess {
  name: string;
  pid: number;
  /** The delivery worker's id as it claims events (`outbox.lease_owner`); null for an API instance. */
  workerId: string | null;
  /** How long it took from spawning to running (ready to answer, or claiming). */
  startMs: number;
  exited(): boolean;
  /** It exited without being asked to (a crash). */
  crashed(): boolean;
  /** Sends `signal` and resolves once the process has exited (SIGKILL after 10 s if it lingers). */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

// The few calls of `pg` the soak makes; the root package has `pg` but not its type declarations.
interface PgClient {
  connect(): Promise<void>;
  query<R>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): void;
}
const pg = createRequire(import.meta.url)('pg') as { Client: new (opts: { connectionString: string; connectionTimeoutMillis: number }) => PgClient };

/** Processes of soaks in this test worker that are still running: killed when it exits, however it exits. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

export interface SoakStackOptions {
  /** Ports of the API instances, one per instance (device A talks to the first, B to the second). */
  apiPorts: readonly number[];
  workers: number;
  /** Biz API and worker environment on top of the demo stack's (timeouts, retry schedule). */
  env: Record<string, string>;
}

export type SoakStack = Awaited<ReturnType<typeof startSoakStack>>;

/**
 * Starts the cluster, the first API instance (it migrates and seeds the demo stores), then the
 * other instances and the workers. `stop()` ends every process and deletes the cluster and the
 * logs (the logs are kept when `keepLogs` is true). On a failure to start it stops what it started.
 */
export async function startSoakStack(opts: SoakStackOptions) {
  const dir = mkdtempSync(join(tmpdir(), 'mango-soak-'));
  const processes: SoakProcess[] = [];
  let cluster: ThrowawayCluster | null = null;
  let workerCount = 0;
  let stopped = false;

  const env = () => shellEnv(opts.apiPorts[0]!, PORTS.remote, { DATABASE_URL: cluster!.url, BIZ_WORKER: '0', ...opts.env });

  function launch(name: string, entry: string, extra: Record<string, string>, onLine?: (line: string) => void): { child: ChildProcess; handle: SoakProcess } {
    if (stopped) throw new Error(`The soak stack is stopping; ${name} was not started.`);
    const log = createWriteStream(join(dir, `${name}.log`));
    // Node itself with tsx's loader, not the tsx command: that one runs the program in a child
    // process, and a SIGKILL (which it cannot pass on) would end it and leave the program running.
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env: { ...process.env, ...env(), ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    child.once('exit', () => live.delete(child));
    let buffered = '';
    child.stdout!.on('data', (d: Buffer) => {
      log.write(d);
      if (!onLine) return;
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    child.stderr!.on('data', (d: Buffer) => log.write(d));
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', () => log.end());
    let asked = false;
    const handle: SoakProcess = {
      name,
      pid: child.pid!,
      workerId: null,
      startMs: 0,
      exited: () => child.exitCode !== null || child.signalCode !== null,
      crashed: () => handle.exited() && !asked,
      async kill(signal = 'SIGTERM') {
        asked = true;
        if (handle.exited()) return;
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      },
    };
    processes.push(handle);
    return { child, handle };
  }

  async function startApi(index: number): Promise<SoakProcess> {
    const port = opts.apiPorts[index]!;
    const ready = `http://localhost:${port}/readyz`;
    if (await answers(`http://localhost:${port}/healthz`)) {
      throw new Error(`Something already answers on port ${port}: a soak left over from an earlier run? Stop it and run again.`);
    }
    const began = Date.now();
    const { handle } = launch(`api-${index + 1}`, 'shell/server/main.ts', { SHELL_PORT: String(port) });
    const deadline = Date.now() + 60_000;
    while (!(await answers(ready))) {
      if (handle.exited()) throw new Error(`API instance ${index + 1} exited while starting; see ${join(dir, `api-${index + 1}.log`)}`);
      if (Date.now() > deadline) throw new Error(`API instance ${index + 1} was not ready at ${ready} within 60 s; see its log in ${dir}`);
      await sleep(200);
    }
    handle.startMs = Date.now() - began;
    return handle;
  }

  /** Starts a delivery worker and resolves once it runs (it prints its id then). */
  function startWorker(): Promise<SoakProcess> {
    const name = `worker-${++workerCount}`;
    const began = Date.now();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s; see ${join(dir, `${name}.log`)}`)), 60_000);
      const { child, handle } = launch(name, 'shell/server/worker-main.ts', {}, (line) => {
        const id = /delivery worker (worker_[\w-]+) running/.exec(line)?.[1];
        if (!id || handle.workerId) return;
        handle.workerId = id;
        handle.startMs = Date.now() - began;
        clearTimeout(timer);
        resolve(handle);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited while starting (${signal ?? `code ${code}`}); see ${join(dir, `${name}.log`)}`));
      });
    });
  }

  async function stop(keepLogs = false): Promise<void> {
    stopped = true;
    await Promise.all(processes.map((p) => p.kill('SIGTERM').catch(() => undefined)));
    await cluster?.stop().catch((err: unknown) => console.error('soak: stopping the PostgreSQL cluster failed', err));
    if (!keepLogs) rmSync(dir, { recursive: true, force: true });
  }

  try {
    cluster = await startThrowawayCluster();
    const apis = [await startApi(0)];
    const rest = await Promise.all([...opts.apiPorts.slice(1).map((_, i) => startApi(i + 1)), ...Array.from({ length: opts.workers }, () => startWorker())]);
    apis.push(...rest.slice(0, opts.apiPorts.length - 1));
    const workers = rest.slice(opts.apiPorts.length - 1);
    const db = cluster.url;
    return {
      logDir: dir,
      apiUrls: opts.apiPorts.map((p) => `http://localhost:${p}`),
      apis,
      workers,
      startWorker,
      /** A sentence per process that ended without being asked to, naming its log. */
      crashes: () => processes.filter((p) => p.crashed()).map((p) => `${p.name} exited on its own; see ${join(dir, `${p.name}.log`)}`),
      /** Stops and starts the PostgreSQL server (same data, same port). */
      restartDatabase: () => cluster!.restart(),
      /** One query on a connection of its own, so it works across a restart of the server. */
      async query<R>(text: string, values: unknown[] = []): Promise<R[]> {
        const client = new pg.Client({ connectionString: db, connectionTimeoutMillis: 5_000 });
        client.on('error', () => undefined);
        await client.connect();
        try {
          return (await client.query<R>(text, values)).rows;
        } finally {
          await client.end().catch(() => undefined);
        }
      },
      stop,
    };
  } catch (err) {
    await stop(true);
    throw new Error(`${err instanceof Error ? err.message : String(err)} (process logs kept in ${dir})`);
  }
}
