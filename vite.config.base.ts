/**
 * The one Vite base every package builds on: same target, same minifier, same sourcemap policy,
 * so bundle sizes between the shell, the remote and the benchmark baseline compare like for like.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeConfig, type PluginOption, type UserConfig } from 'vite';

export const BUILD_TARGET = 'es2022';

export interface BaseConfigOptions {
  /** Names this package's bundle report: `<BUNDLE_REPORT_DIR>/<name>.html` and `.json`. */
  name: string;
}

/**
 * With BUNDLE_REPORT_DIR set (`pnpm bench` sets it), the build also writes what each chunk is made
 * of: a treemap to open in a browser and the same data as JSON, which the bytes benchmark reads to
 * print where the first load's kilobytes go. Loaded only then, so ordinary builds never touch it.
 */
function bundleReport(name: string): PluginOption {
  const dir = process.env.BUNDLE_REPORT_DIR;
  if (!dir) return null;
  return import('rollup-plugin-visualizer').then(({ visualizer }) =>
    (['treemap', 'raw-data'] as const).map((template) =>
      visualizer({
        filename: join(dir, `${name}.${template === 'treemap' ? 'html' : 'json'}`),
        template,
        title: `${name}: what each chunk is made of`,
        // Sizes of the minified output per module (read through the hidden source maps), so they
        // add up to what ships. The plugin computes no per-module gzip in this mode; the bench
        // measures gzip per file itself.
        sourcemap: true,
        // Module ids relative to the repository, whichever package is building.
        projectRoot: fileURLToPath(new URL('.', import.meta.url)),
      }),
    ),
  );
}

export function defineBaseConfig(overrides: UserConfig, opts: BaseConfigOptions): UserConfig {
  const base: UserConfig = {
    build: {
      target: BUILD_TARGET,
      // Hidden maps: debuggable in CI artefacts, never referenced from shipped JS.
      sourcemap: 'hidden',
      reportCompressedSize: false,
      emptyOutDir: true,
    },
    plugins: [bundleReport(opts.name)],
    server: { strictPort: true },
    preview: { strictPort: true },
  };
  return mergeConfig(base, overrides);
}
