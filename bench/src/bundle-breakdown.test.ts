import { describe, expect, it } from 'vitest';
import { breakdown, formatBreakdown, groupOf, reportedChunks, type VisualizerReport } from './bundle-breakdown.js';

describe('groupOf', () => {
  it('names npm packages by the last node_modules in the path, scoped or not', () => {
    expect(groupOf('node_modules/.pnpm/react-dom@19.3.1/node_modules/react-dom/cjs/react-dom.production.js')).toBe('react-dom');
    expect(groupOf('node_modules/.pnpm/@module-federation+runtime@2.9.1/node_modules/@module-federation/runtime/dist/index.js')).toBe('@module-federation/runtime');
  });

  it('groups our own files by package and first folder under src, two under features', () => {
    expect(groupOf('shell/src/features/connect/relay/relay.ts')).toBe('shell/src/features/connect');
    expect(groupOf('shell/src/app/routes.tsx')).toBe('shell/src/app');
    expect(groupOf('shell/src/main.tsx')).toBe('shell/src');
    expect(groupOf('shared/src/webhooks/sign.ts')).toBe('shared/src/webhooks');
  });

  it('names the federation plugin\'s generated modules as such', () => {
    expect(groupOf('remotes/connect-host/virtual:mf-REMOTE_ENTRY_ID:__mfe_internal__connectHost__remoteEntry_js')).toBe('(federation plugin glue)');
    expect(groupOf('virtual:mf:__mfe_internal__connectHost__mf_owner__1__H_A_I__hostAutoInit__H_A_I__.js')).toBe('(federation plugin glue)');
    expect(groupOf('assets/_virtual_mf___mfe_internal__connectHost__loadShare__shared-BFh19sQ4.js-unknown')).toBe('(federation plugin glue)');
  });

  it('calls ids that name no source file the bundler runtime, and drops query strings', () => {
    expect(groupOf('\0vite/preload-helper.js')).toBe('(bundler runtime)');
    expect(groupOf('assets/rolldown-runtime-XKyaHtl9.js-unknown')).toBe('(bundler runtime)');
    expect(groupOf('shell/src/app/App.tsx?used')).toBe('shell/src/app');
  });
});

describe('breakdown', () => {
  const report: VisualizerReport = {
    nodeParts: {
      p1: { renderedLength: 600 },
      p2: { renderedLength: 300 },
      p3: { renderedLength: 100 },
      p4: { renderedLength: 5000 },
      p5: { renderedLength: 0 },
    },
    nodeMetas: {
      a: { id: 'node_modules/dexie/dist/dexie.js', moduleParts: { 'assets/index.js': 'p1' } },
      b: { id: 'shell/src/app/routes.tsx', moduleParts: { 'assets/index.js': 'p2' } },
      c: { id: 'shell/src/app/App.tsx', moduleParts: { 'assets/index.js': 'p3' } },
      d: { id: 'node_modules/@module-federation/runtime/index.js', moduleParts: { 'assets/host-runtime.js': 'p4' } },
      e: { id: 'shell/src/unused.ts', moduleParts: { 'assets/index.js': 'p5' } },
    },
  };

  it('adds up the chunks asked about by group, largest first, with shares of their total', () => {
    expect(breakdown(report, ['assets/index.js'])).toEqual([
      { group: 'dexie', bytes: 600, share: 0.6 },
      { group: 'shell/src/app', bytes: 400, share: 0.4 },
    ]);
  });

  it('leaves out chunks the page did not load', () => {
    expect(breakdown(report, ['assets/host-runtime.js'])).toEqual([{ group: '@module-federation/runtime', bytes: 5000, share: 1 }]);
    expect(breakdown(report, ['assets/other.js'])).toEqual([]);
  });

  it('lists the chunks a report knows, to tell it from another build', () => {
    expect(reportedChunks(report)).toEqual(new Set(['assets/index.js', 'assets/host-runtime.js']));
  });
});

describe('formatBreakdown', () => {
  it('prints the largest groups and sums up the rest on one line', () => {
    const rows = [
      { group: 'react-dom', bytes: 2048, share: 0.5 },
      { group: 'dexie', bytes: 1024, share: 0.25 },
      { group: 'zod', bytes: 512, share: 0.125 },
      { group: 'jose', bytes: 512, share: 0.125 },
    ];
    expect(formatBreakdown(rows, 2)).toEqual(['react-dom 50.0% (2.0 KB)', 'dexie 25.0% (1.0 KB)', '2 more 25.0% (1.0 KB)']);
    expect(formatBreakdown(rows.slice(0, 1), 2)).toEqual(['react-dom 50.0% (2.0 KB)']);
  });
});
