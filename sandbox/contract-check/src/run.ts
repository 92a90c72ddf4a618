import { CHECKS, type Check, type CheckLevel } from './checks.js';
import { CheckFailure, type CheckContext } from './context.js';

export interface CheckResult {
  id: string;
  title: string;
  level: CheckLevel;
  ok: boolean;
  detail: string;
  durationMs: number;
}

export interface CheckSummary {
  passed: number;
  /** Required checks that failed: this Connect does not meet the contract. */
  failed: number;
  /** Recommended checks that failed: Biz works with this Connect, with less to go on. */
  warnings: number;
}

/** Runs the checks in order (later ones use what provisioning returned); never throws. */
export async function runContractChecks(ctx: CheckContext, checks: Check[] = CHECKS): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const started = performance.now();
    const base = { id: check.id, title: check.title, level: check.level };
    try {
      await check.run(ctx);
      results.push({ ...base, ok: true, detail: '', durationMs: performance.now() - started });
    } catch (err) {
      const detail = err instanceof CheckFailure ? err.detail : `could not run: ${err instanceof Error ? err.message : String(err)}`;
      results.push({ ...base, ok: false, detail, durationMs: performance.now() - started });
    }
  }
  return results;
}

export function summarize(results: CheckResult[]): CheckSummary {
  const failedAt = (level: CheckLevel) => results.filter((r) => !r.ok && r.level === level).length;
  return { passed: results.filter((r) => r.ok).length, failed: failedAt('required'), warnings: failedAt('recommended') };
}

/** True when every required check passed: Biz can work with this Connect. Recommended failures do not count. */
export function meetsContract(results: CheckResult[]): boolean {
  return summarize(results).failed === 0;
}

const statusOf = (r: CheckResult) => (r.ok ? 'PASS' : r.level === 'required' ? 'FAIL' : 'WARN');

/**
 * A plain-text table, one row per check: PASS, FAIL (a required check failed) or WARN (a
 * recommended one did), its level, id and title, the reason under each failure, and a closing
 * `N passed, N failed, N warnings` line.
 */
export function formatResults(results: CheckResult[]): string {
  const idWidth = Math.max(...results.map((r) => r.id.length));
  const levelWidth = 'recommended'.length;
  const rows = results.map((r) => `${statusOf(r)}  ${r.level.padEnd(levelWidth)}  ${r.id.padEnd(idWidth)}  ${r.title}${r.ok ? '' : `\n      ↳ ${r.detail}`}`);
  const { passed, failed, warnings } = summarize(results);
  return `${rows.join('\n')}\n\n${passed} passed, ${failed} failed, ${warnings} warning${warnings === 1 ? '' : 's'}`;
}
