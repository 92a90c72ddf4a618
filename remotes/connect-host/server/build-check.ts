import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Shares the shell and this remote must hold as one instance per page. */
export const REQUIRED_SINGLETONS = ['react', 'react-dom', 'zustand', '@mango/shell-contract'] as const;
export const REQUIRED_EXPOSES = ['MessagesPage', 'ConnectIntegrationPage', 'AIAssistantButton', 'contract'] as const;

interface ManifestShape {
  name?: string;
  metaData?: { publicPath?: string; remoteEntry?: { name?: string; type?: string } };
  shared?: { name: string; singleton?: boolean }[];
  exposes?: { name: string }[];
}

/** What is wrong with a connect-host build in `distDir`; an empty list means the shell can load it. */
export function checkRemoteBuild(distDir: string): string[] {
  const problems: string[] = [];
  if (!existsSync(join(distDir, 'remoteEntry.js'))) problems.push(`${distDir}/remoteEntry.js is missing.`);
  const manifestPath = join(distDir, 'mf-manifest.json');
  if (!existsSync(manifestPath)) return [...problems, `${manifestPath} is missing (federation manifest: true?).`];
  let manifest: ManifestShape;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ManifestShape;
  } catch (err) {
    return [...problems, `${manifestPath} is not JSON: ${(err as Error).message}`];
  }
  if (manifest.name !== 'connectHost') problems.push(`The manifest names the remote "${manifest.name}", the shell expects "connectHost".`);
  if (manifest.metaData?.remoteEntry?.type !== 'module') problems.push('remoteEntry must be an ES module (type "module").');
  const publicPath = manifest.metaData?.publicPath ?? '';
  if (!/^https?:\/\/.+\/$/.test(publicPath) && publicPath !== 'auto') {
    problems.push(`publicPath "${publicPath}" is neither an absolute URL ending in "/" nor "auto": chunks would resolve against the shell's origin.`);
  }
  for (const name of REQUIRED_SINGLETONS) {
    const share = manifest.shared?.find((s) => s.name === name);
    if (!share) problems.push(`The manifest does not share ${name}.`);
    else if (share.singleton !== true) problems.push(`${name} is shared but not as a singleton.`);
  }
  for (const name of REQUIRED_EXPOSES) {
    if (!manifest.exposes?.some((e) => e.name === name)) problems.push(`The manifest does not expose ./${name}.`);
  }
  return problems;
}
