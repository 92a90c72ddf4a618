// `pnpm --filter @mango/connect-host check:build`: builds, then checks dist/ is loadable by the shell.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRemoteBuild } from '../server/build-check.js';

const dist = resolve(process.env.REMOTE_DIST ?? resolve(dirname(fileURLToPath(import.meta.url)), '../dist'));
const problems = checkRemoteBuild(dist);
if (problems.length > 0) {
  console.error(`connect-host build in ${dist} is not loadable:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`connect-host build in ${dist}: remoteEntry.js, mf-manifest.json, singletons and exposes OK.`);
