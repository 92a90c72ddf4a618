// Finds a headless Chromium for Playwright. Playwright cannot download its own browsers here, so:
// CHROMIUM_PATH, then Debian's /usr/bin/chromium, then apt-get when root on Debian, then Playwright's installer.
import { existsSync } from 'node:fs';
import { run } from './run.mjs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Resolves the path of a Chromium executable, or undefined when Playwright's own browser is used. */
export async function ensureChromium(pnpmRun) {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Installing Debian chromium for the Playwright suite…');
    await run('apt-get', ['update', '-qq']);
    const code = await run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (code === 0 && existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  }
  console.log('No system Chromium: asking Playwright to install its own.');
  const code = await pnpmRun(['exec', 'playwright', 'install', 'chromium']);
  if (code !== 0) throw new Error('No Chromium available: install Debian "chromium" or set CHROMIUM_PATH.');
  return undefined;
}
