import type { Db } from '../db/database.js';
import { pruneOnce } from './retention.js';
import type { SyncRunner } from './sync-runner.js';

export interface HousekeepingOptions {
  db: Db;
  syncRunner: SyncRunner;
  /** Delivered events and delivery records are kept this long (BIZ_RETENTION_DAYS). */
  retentionDays: number;
  /** How often stale sync runs are looked for (default 15 s). */
  resumeEveryMs?: number;
  /** How often old rows are pruned (default 10 min). */
  pruneEveryMs?: number;
  log: (line: Record<string, unknown>) => void;
}

/**
 * What a process that delivers webhooks also does in the background: resumes sync runs whose
 * process died, and prunes what retention no longer keeps. Both are safe to run in several
 * processes at once (runs are taken over by one; pruning skips rows another process has locked).
 */
export function startHousekeeping(opts: HousekeepingOptions) {
  const { log } = opts;
  const resume = () => opts.syncRunner.resumeStale().catch((err: unknown) => log({ level: 'warn', msg: 'looking for interrupted sync runs failed', error: String(err) }));
  const prune = async () => {
    try {
      const olderThan = new Date(Date.now() - opts.retentionDays * 86_400_000);
      const pruned = await pruneOnce(opts.db, olderThan);
      if (Object.values(pruned).some((n) => n > 0)) log({ msg: 'retention: pruned old rows', olderThan: olderThan.toISOString(), ...pruned });
    } catch (err) {
      log({ level: 'warn', msg: 'retention sweep failed', error: String(err) });
    }
  };
  const timers = [setInterval(resume, opts.resumeEveryMs ?? 15_000), setInterval(prune, opts.pruneEveryMs ?? 600_000)];
  for (const t of timers) t.unref();
  return {
    /** The first pass, at start: resumes what a crash cut off before serving. */
    first: () => Promise.all([resume(), prune()]).then(() => undefined),
    stop() {
      for (const t of timers) clearInterval(t);
    },
  };
}
