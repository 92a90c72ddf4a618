/**
 * The one Vite base every package builds on: same target, same minifier, same sourcemap policy,
 * so bundle sizes between the shell, the remote and the benchmark baseline compare like for like.
 */
import { mergeConfig, type UserConfig } from 'vite';

export const BUILD_TARGET = 'es2022';

export function defineBaseConfig(overrides: UserConfig = {}): UserConfig {
  const base: UserConfig = {
    build: {
      target: BUILD_TARGET,
      // Hidden maps: debuggable in CI artefacts, never referenced from shipped JS.
      sourcemap: 'hidden',
      reportCompressedSize: false,
      emptyOutDir: true,
    },
    server: { strictPort: true },
    preview: { strictPort: true },
  };
  return mergeConfig(base, overrides);
}
