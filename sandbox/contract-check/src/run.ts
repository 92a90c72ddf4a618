import { CHECKS, type Check } from './checks.js';
import { CheckFailure, type CheckContext } from './context.js';

export interface CheckResult {
  id: string;
  title: string;
  ok: boolean;
  detail: string;
  durationMs: number;
}

/** Runs the checks in order (later ones use what provisioning returned); never throws. */
export async function runContractChecks(ctx: CheckContext, checks: Check[] = CHECKS): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) {
    const started = performance.now();
    try {
      await check.run(ctx);
      results.push({ id: check.id, title: check.title, ok: true, detail: '', durationMs: performance.now() - started });
    } catch (err) {
      const detail = err instanceof CheckFailure ? err.detail : `could not run: ${err instanceof Error ? err.message : String(err)}`;
      results.push({ id: check.id, title: check.title, ok: false, detail, durationMs: performance.now() - started });
    }
  }
  return results;
}

/** A plain-text pass/fail table, one row per check, and a closing `N passed, N failed` line. */
export function formatResults(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.id.length));
  const rows = results.map((r) => `${r.ok ? 'PASS' : 'FAIL'}  ${r.id.padEnd(width)}  ${r.title}${r.ok ? '' : `\n      ↳ ${r.detail}`}`);
  const passed = results.filter((r) => r.ok).length;
  return `${rows.join('\n')}\n\n${passed} passed, ${results.length - passed} failed`;
}
