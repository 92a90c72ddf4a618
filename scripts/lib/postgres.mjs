// Gives tests a real PostgreSQL server: a throwaway cluster in a temporary directory, on a loopback port.
// Binaries: POSTGRES_BIN, then the newest Debian /usr/lib/postgresql/<n>/bin, then `pg_config --bindir`,
// then apt-get when root on Debian. initdb and postgres refuse to run as root, so as root they run as
// the `postgres` system user.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { run } from './run.mjs';

const SERVER_BINARIES = ['initdb', 'pg_ctl', 'postgres'];
const DEBIAN_ROOT = '/usr/lib/postgresql';
const SYSTEM_USER = 'postgres';
const START_TIMEOUT_S = 60;

const hasServerBinaries = (dir) => SERVER_BINARIES.every((b) => existsSync(join(dir, b)));

/** `postgres --version` prints "postgres (PostgreSQL) 15.18 (Debian …)"; returns "15.18". */
function serverVersion(bin) {
  const r = spawnSync(join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  return /\(PostgreSQL\)\s+(\S+)/.exec(r.stdout ?? '')?.[1] ?? 'unknown';
}

function newestDebianBin() {
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  return readdirSync(DEBIAN_ROOT)
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(DEBIAN_ROOT, v, 'bin'))
    .find(hasServerBinaries);
}

function pgConfigBin() {
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = r.status === 0 ? r.stdout.trim() : '';
  return dir && hasServerBinaries(dir) ? dir : undefined;
}

/**
 * Finds the directory holding initdb, pg_ctl and postgres, or returns null.
 * A POSTGRES_BIN that lacks them is a mistake worth stopping for, so it throws rather than looking elsewhere.
 */
export function findPostgres() {
  const fromEnv = process.env.POSTGRES_BIN;
  if (fromEnv) {
    if (!hasServerBinaries(fromEnv)) {
      throw new Error(`POSTGRES_BIN=${fromEnv} does not hold ${SERVER_BINARIES.join(', ')}. Point it at PostgreSQL's bin directory or unset it.`);
    }
    return { bin: fromEnv, version: serverVersion(fromEnv) };
  }
  const bin = newestDebianBin() ?? pgConfigBin();
  return bin ? { bin, version: serverVersion(bin) } : null;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Finds PostgreSQL, installing Debian's package when root on a machine with apt-get. */
export async function ensurePostgres() {
  const found = findPostgres();
  if (found) return found;
  if (isRoot() && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Debian postgresql: the tests run against a real PostgreSQL server…');
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', 'postgresql'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    const installed = findPostgres();
    if (installed) return installed;
    throw new Error('apt-get could not install "postgresql" (see its output above). Install it by hand or set POSTGRES_BIN to the directory holding initdb, pg_ctl and postgres.');
  }
  throw new Error('PostgreSQL is not installed. Install it (Debian: apt-get install postgresql) or set POSTGRES_BIN to the directory holding initdb, pg_ctl and postgres.');
}

// Root's PATH on some CI images leaves out the sbin directories that hold runuser and useradd.
function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin', '/usr/bin', '/bin'];
  return dirs.filter((d) => d.startsWith('/')).map((d) => join(d, name)).find((p) => existsSync(p));
}

/** The system user the server runs as when we are root; created like Debian's package does when missing. */
function systemUser() {
  const id = (flag) => spawnSync('id', [flag, SYSTEM_USER], { encoding: 'utf8' });
  if (id('-u').status !== 0) {
    const groupExists = spawnSync('getent', ['group', SYSTEM_USER]).status === 0;
    const useradd = findExecutable('useradd') ?? 'useradd';
    const r = spawnSync(useradd, ['--system', ...(groupExists ? ['--gid', SYSTEM_USER] : ['--user-group']), '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', SYSTEM_USER], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`PostgreSQL will not run as root and the "${SYSTEM_USER}" user is missing; useradd failed: ${(r.stderr || r.error?.message || '').trim()}`);
  }
  return { uid: Number(id('-u').stdout), gid: Number(id('-g').stdout) };
}

const shellQuote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
const confQuote = (s) => `'${String(s).replaceAll("'", "''")}'`;

/** [cmd, args] that run `cmd args` as the postgres user when we are root, as ourselves otherwise. */
function asServerUser(cmd, args) {
  if (!isRoot()) return [cmd, args];
  const runuser = findExecutable('runuser');
  if (runuser) return [runuser, ['-u', SYSTEM_USER, '--', cmd, ...args]];
  return [findExecutable('su') ?? 'su', ['-s', '/bin/sh', SYSTEM_USER, '-c', [cmd, ...args].map(shellQuote).join(' ')]];
}

/** Runs a command to completion, capturing its output; resolves with { code, output }. */
function capture(cmd, args, opts) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', (err) => resolve({ code: 127, output: `could not start ${cmd}: ${err.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const tail = (file, lines = 15) => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
};

// Clusters still running in this process; stopped synchronously when the process ends.
const live = new Set();
let exitHooked = false;

function stopAllSync() {
  for (const cluster of live) cluster.stopSync();
}

function onSignal(signal) {
  // Someone else handles this signal and decides when to exit; the 'exit' hook then stops the clusters.
  if (process.listenerCount(signal) > 1) return;
  stopAllSync();
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, onSignal);
  process.kill(process.pid, signal);
}

function hookProcessExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', stopAllSync);
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, onSignal);
}

// 'exit' never runs when the process is killed outright (SIGKILL, a test runner's hard timeout), so a
// detached shell waits for this process to vanish, then shuts the server down at once and removes its files.
const WATCHDOG = `
while kill -0 "$1" 2>/dev/null; do sleep 1; done
pid=$(head -n 1 "$2/postmaster.pid" 2>/dev/null) && kill -QUIT "$pid" 2>/dev/null
i=0; while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
rm -rf "$3"`;

function startWatchdog(dataDir, workDir) {
  const child = spawn('/bin/sh', ['-c', WATCHDOG, 'postgres-watchdog', String(process.pid), dataDir, workDir], { detached: true, stdio: 'ignore' });
  child.on('error', () => {});
  child.unref();
  return child;
}

function testSettings(port, dataDir) {
  return [
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = ${confQuote(dataDir)}`,
    'max_connections = 200',
    // Durability buys nothing for data that is deleted after the run.
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    // Parallel queries otherwise need /dev/shm, which containers often keep tiny.
    'dynamic_shared_memory_type = mmap',
    "timezone = 'UTC'",
    '',
  ].join('\n');
}

/**
 * Starts a new PostgreSQL cluster in a temporary directory, listening on 127.0.0.1 only.
 * Resolves once it accepts connections. `stop()` shuts it down and deletes its files; `restart()`
 * stops and starts the same cluster (same data, same port). The cluster is stopped when this process ends.
 * `log` receives one line per lifecycle step (or pass `true` to print them).
 */
export async function startThrowawayCluster({ port, log } = {}) {
  const say = typeof log === 'function' ? log : log ? (line) => console.log(line) : () => {};
  const { bin } = await ensurePostgres();
  const owner = isRoot() ? systemUser() : undefined;
  const workDir = mkdtempSync(join(tmpdir(), 'pg-throwaway-'));
  const dataDir = join(workDir, 'data');
  const logFile = join(workDir, 'server.log');
  const confFile = join(dataDir, 'throwaway.conf');
  if (owner) chownSync(workDir, owner.uid, owner.gid);
  const asUser = (tool, args) => {
    const [cmd, argv] = asServerUser(join(bin, tool), args);
    return capture(cmd, argv, { cwd: workDir });
  };
  const writeConf = (p) => {
    writeFileSync(confFile, testSettings(p, dataDir));
    if (owner) chownSync(confFile, owner.uid, owner.gid);
  };

  let watchdog;
  const removeFiles = () => rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
  const cluster = {
    stopSync() {
      const [cmd, argv] = asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-s']);
      spawnSync(cmd, argv, { cwd: workDir, stdio: 'ignore' });
      removeFiles();
      watchdog?.kill();
      live.delete(cluster);
    },
  };

  try {
    let started = Date.now();
    const init = await asUser('initdb', ['-D', dataDir, '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--auth=trust', '--no-sync']);
    if (init.code !== 0) throw new Error(`initdb failed (exit ${init.code}):\n${init.output.trim()}`);
    appendFileSync(join(dataDir, 'postgresql.conf'), "\ninclude 'throwaway.conf'\n");
    say(`initdb ${dataDir} (${Date.now() - started} ms)`);

    live.add(cluster);
    hookProcessExit();
    watchdog = startWatchdog(dataDir, workDir);

    const serve = async (p) => {
      const r = await asUser('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', String(START_TIMEOUT_S), '-s']);
      if (r.code !== 0) return { ok: false, detail: `${r.output.trim()}\n${tail(logFile)}` };
      await waitUntilAccepting(bin, p);
      return { ok: true };
    };

    // A port picked here may be taken before the server binds it; then pick another. A port the caller chose is kept.
    started = Date.now();
    let chosen = port ?? (await freePort());
    for (let attempt = 1; ; attempt++) {
      writeConf(chosen);
      const r = await serve(chosen);
      if (r.ok) break;
      const portTaken = /could not bind|address already in use/i.test(r.detail);
      if (port !== undefined || !portTaken || attempt === 3) {
        throw new Error(`PostgreSQL did not start on 127.0.0.1:${chosen}${port !== undefined && portTaken ? ' (port in use; pick another or omit port)' : ''}:\n${r.detail}`);
      }
      chosen = await freePort();
    }
    say(`PostgreSQL listening on 127.0.0.1:${chosen} (${Date.now() - started} ms)`);

    let state = 'running';
    let pending = Promise.resolve();
    const serially = (fn) => (pending = pending.then(fn, fn));
    // A server that already died makes pg_ctl report "no server running"; stopping it is then done.
    const shutdown = () => asUser('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', String(START_TIMEOUT_S), '-s']);

    return {
      url: `postgres://postgres@127.0.0.1:${chosen}/postgres`,
      port: chosen,
      dataDir,
      stop: () =>
        serially(async () => {
          if (state === 'stopped') return;
          state = 'stopped';
          await shutdown();
          removeFiles();
          watchdog.kill();
          live.delete(cluster);
          say(`PostgreSQL on port ${chosen} stopped; ${workDir} deleted`);
        }),
      restart: () =>
        serially(async () => {
          if (state === 'stopped') throw new Error('This cluster was stopped and its files deleted; start a new one.');
          const t = Date.now();
          await shutdown();
          const r = await serve(chosen);
          if (!r.ok) throw new Error(`PostgreSQL did not come back on 127.0.0.1:${chosen}:\n${r.detail}`);
          say(`PostgreSQL on port ${chosen} restarted (${Date.now() - t} ms)`);
        }),
    };
  } catch (err) {
    cluster.stopSync();
    throw err;
  }
}

/** pg_ctl -w waits for the server to report ready; pg_isready then confirms the TCP listener answers. */
async function waitUntilAccepting(bin, port) {
  const pgIsReady = join(bin, 'pg_isready');
  if (!existsSync(pgIsReady)) return;
  const deadline = Date.now() + START_TIMEOUT_S * 1000;
  for (;;) {
    const r = await capture(pgIsReady, ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-t', '5']);
    if (r.code === 0) return;
    if (Date.now() > deadline) throw new Error(`PostgreSQL on 127.0.0.1:${port} did not accept connections within ${START_TIMEOUT_S}s.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
