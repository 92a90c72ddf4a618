// @vitest-environment node
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkRemoteBuild, REQUIRED_EXPOSES, REQUIRED_SINGLETONS } from './build-check.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function fakeBuild(manifest: unknown, withEntry = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'connect-host-build-'));
  dirs.push(dir);
  if (withEntry) writeFileSync(join(dir, 'remoteEntry.js'), '');
  writeFileSync(join(dir, 'mf-manifest.json'), JSON.stringify(manifest));
  return dir;
}

const good = {
  name: 'connectHost',
  metaData: { publicPath: 'http://localhost:5174/', remoteEntry: { name: 'remoteEntry.js', type: 'module' } },
  shared: REQUIRED_SINGLETONS.map((name) => ({ name, singleton: true })),
  exposes: REQUIRED_EXPOSES.map((name) => ({ name })),
};

describe('checkRemoteBuild', () => {
  it('accepts a build with the entry, singletons, exposes and an absolute publicPath', () => {
    expect(checkRemoteBuild(fakeBuild(good))).toEqual([]);
  });
  it('reports a missing remoteEntry.js and a missing manifest', () => {
    expect(checkRemoteBuild(fakeBuild(good, false))).toEqual([expect.stringContaining('remoteEntry.js is missing')]);
    const dir = fakeBuild(good);
    rmSync(join(dir, 'mf-manifest.json'));
    expect(checkRemoteBuild(dir)[0]).toMatch(/mf-manifest.json is missing/);
  });
  it('reports a shared package that is not a singleton, and one not shared', () => {
    const shared = good.shared.filter((s) => s.name !== 'zustand').map((s) => (s.name === 'react' ? { ...s, singleton: false } : s));
    expect(checkRemoteBuild(fakeBuild({ ...good, shared }))).toEqual([
      'react is shared but not as a singleton.',
      'The manifest does not share zustand.',
    ]);
  });
  it('accepts publicPath "auto", which the runtime resolves against the manifest URL', () => {
    expect(checkRemoteBuild(fakeBuild({ ...good, metaData: { ...good.metaData, publicPath: 'auto' } }))).toEqual([]);
  });
  it("reports a relative publicPath, which would resolve chunks against the shell's origin", () => {
    const problems = checkRemoteBuild(fakeBuild({ ...good, metaData: { ...good.metaData, publicPath: '/' } }));
    expect(problems).toEqual([expect.stringContaining('publicPath "/"')]);
  });
});
