import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
export const SDK_SOURCE_DIR = join(packageDir, 'sdk');
export const SDK_ENTRY = join(SDK_SOURCE_DIR, 'index.ts');
export const SDK_DIST_FILE = join(packageDir, 'dist', 'mango-connect-sdk.js');

/** Bundles sdk/ into one classic script (IIFE) that sets window.MangoConnect. */
export async function buildSdkBundle(): Promise<string> {
  const result = await build({
    entryPoints: [SDK_ENTRY],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    write: false,
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: '/* Mango Connect SDK (sandbox reference build) */' },
  });
  return result.outputFiles[0]!.text;
}

export async function writeSdkBundle(file = SDK_DIST_FILE): Promise<string> {
  const code = await buildSdkBundle();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, code);
  return file;
}

function newestSourceMtime(): number {
  return readdirSync(SDK_SOURCE_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .reduce((max, f) => Math.max(max, statSync(join(SDK_SOURCE_DIR, f)).mtimeMs), 0);
}

/**
 * Serves the built file when it is at least as new as the sources; otherwise builds once in
 * process, so `start` works even when the build step was skipped or is stale.
 */
export function createSdkBundleSource(file = SDK_DIST_FILE): () => Promise<string> {
  let cached: Promise<string> | null = null;
  return () => {
    cached ??= (async () => {
      if (existsSync(file) && statSync(file).mtimeMs >= newestSourceMtime()) return readFileSync(file, 'utf8');
      return buildSdkBundle();
    })().catch((err: unknown) => {
      cached = null;
      throw err;
    });
    return cached;
  };
}
