// Finds or fetches the pnpm pinned in package.json's packageManager, then installs the workspace.
// A fresh machine has only Node and npm, so pnpm is never assumed to be on PATH.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { run, succeeds } from './run.mjs';
import { spawnSync } from 'node:child_process';

export const ROOT = new URL('../..', import.meta.url).pathname;
const pinned = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).packageManager; // pnpm@x.y.z
const version = pinned.split('@')[1];
const localPnpm = join(ROOT, '.tools/node_modules/.bin/pnpm');

/** Root scripts call `pnpm` themselves (pnpm -r …), so the local copy must be on every child's PATH. */
function useLocalPnpm() {
  process.env.PATH = `${dirname(localPnpm)}${delimiter}${process.env.PATH ?? ''}`;
  return [localPnpm, []];
}

/** Returns [cmd, prefixArgs] that run the pinned pnpm, installing it into .tools/ if needed. */
export async function ensurePnpm() {
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim() === version) return ['pnpm', []];
  if (existsSync(localPnpm)) return useLocalPnpm();
  console.log(`Installing pnpm ${version} into .tools/ (one time)…`);
  const code = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(ROOT, '.tools'), `pnpm@${version}`]);
  if (code !== 0 || !existsSync(localPnpm)) {
    throw new Error(`Could not install pnpm ${version} with npm (exit ${code}). Check that the npm registry is reachable.`);
  }
  return useLocalPnpm();
}

/** Installs workspace dependencies when node_modules is missing or older than the lockfile. */
export async function ensureInstall() {
  const [pnpm, pre] = await ensurePnpm();
  const marker = join(ROOT, 'node_modules/.modules.yaml');
  const lock = join(ROOT, 'pnpm-lock.yaml');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (stale) {
    const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
    const code = await run(pnpm, [...pre, 'install', ...frozen], { cwd: ROOT });
    if (code !== 0) throw new Error(`pnpm install failed (exit ${code}).`);
  }
  return (args, opts = {}) => run(pnpm, [...pre, ...args], { cwd: ROOT, ...opts });
}

export { succeeds };
