// Where the first load's bytes go, read from the bundle report the build wrote
// (rollup-plugin-visualizer's raw-data JSON; see vite.config.base.ts).

/** The parts of rollup-plugin-visualizer's `raw-data` output this reads. */
export interface VisualizerReport {
  nodeParts: Record<string, { renderedLength: number }>;
  nodeMetas: Record<string, { id: string; moduleParts: Record<string, string> }>;
}

export interface BreakdownRow {
  /** An npm package, or a folder of our source (`shell/src/features/connect`). */
  group: string;
  /** Minified bytes this group contributes to the chunks asked about. */
  bytes: number;
  /** Its share of those chunks' minified bytes, 0–1. */
  share: number;
}

/**
 * Which package or source folder a module belongs to: npm packages by name (the last
 * node_modules in the path, so pnpm's store layout does not matter), our own files by their
 * package and first folder under src/ (two levels under features/). Ids are relative to the
 * repository (the report's projectRoot); the federation plugin's generated modules are named as
 * such, and other ids that name no source file belong to the bundler.
 */
export function groupOf(moduleId: string): string {
  const id = moduleId.replace(/\\/g, '/').replace(/\?.*$/, '');
  const pkg = /(?:^|\/)node_modules\/(?:.*\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(id);
  if (pkg) return pkg[1]!;
  // The federation build plugin's generated modules: the remote entry, share wrappers, init code.
  if (/(?:^|[/_])virtual[:_]mf/.test(id)) return '(federation plugin glue)';
  const parts = id.split('/');
  const src = parts.indexOf('src');
  if (id.startsWith('\0') || src < 0) return '(bundler runtime)';
  const depth = parts[src + 1] === 'features' ? 3 : 2;
  return parts.slice(0, Math.min(src + depth, parts.length - 1)).join('/');
}

/** The minified bytes of `chunks` (file names as the report has them, `assets/x.js`) by group, largest first. */
export function breakdown(report: VisualizerReport, chunks: readonly string[]): BreakdownRow[] {
  const wanted = new Set(chunks);
  const bytes = new Map<string, number>();
  for (const meta of Object.values(report.nodeMetas)) {
    for (const [file, partUid] of Object.entries(meta.moduleParts)) {
      if (!wanted.has(file)) continue;
      const length = report.nodeParts[partUid]?.renderedLength ?? 0;
      if (length === 0) continue;
      const group = groupOf(meta.id);
      bytes.set(group, (bytes.get(group) ?? 0) + length);
    }
  }
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  return [...bytes]
    .map(([group, n]) => ({ group, bytes: n, share: total ? n / total : 0 }))
    .sort((a, b) => b.bytes - a.bytes || a.group.localeCompare(b.group));
}

/** The chunk files a report knows of, so a caller can tell a report from another build. */
export function reportedChunks(report: VisualizerReport): Set<string> {
  return new Set(Object.values(report.nodeMetas).flatMap((m) => Object.keys(m.moduleParts)));
}

/** `react-dom 45% (202 KB)` lines for the largest groups, the rest summed up on one line. */
export function formatBreakdown(rows: readonly BreakdownRow[], top: number): string[] {
  const line = (name: string, bytes: number, share: number) => `${name} ${(share * 100).toFixed(1)}% (${(bytes / 1024).toFixed(1)} KB)`;
  const rest = rows.slice(top);
  const lines = rows.slice(0, top).map((r) => line(r.group, r.bytes, r.share));
  if (rest.length) lines.push(line(`${rest.length} more`, rest.reduce((n, r) => n + r.bytes, 0), rest.reduce((n, r) => n + r.share, 0)));
  return lines;
}
