// Child-process helpers shared by the root scripts: run a step, stream its output, fail loudly.
import { spawn, spawnSync } from 'node:child_process';

/** Runs a command to completion, inheriting stdio; resolves with its exit code. */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      console.error(`Could not start ${cmd}: ${err.message}`);
      resolve(127);
    });
  });
}

/** True when `cmd args` runs and exits 0 (output discarded). */
export function succeeds(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status === 0;
}

/** Runs a named step and exits the process with a clear message when it fails. */
export async function step(name, cmd, args, opts) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const code = await run(cmd, args, opts);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (code !== 0) {
    console.error(`✖ ${name} failed (exit ${code}, ${secs}s)`);
    process.exit(code);
  }
  console.log(`✔ ${name} (${secs}s)`);
}
