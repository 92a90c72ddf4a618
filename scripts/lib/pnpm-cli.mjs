// Runs the pinned pnpm with the given arguments (used by scripts that already called ensureInstall).
import { ensurePnpm, ROOT } from './pnpm.mjs';
import { run } from './run.mjs';

const [pnpm, pre] = await ensurePnpm();
process.exit(await run(pnpm, [...pre, ...process.argv.slice(2)], { cwd: ROOT }));
