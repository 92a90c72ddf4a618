// `pnpm audit` of production dependencies. Where the registry's advisory service does not answer
// (this workplace's mirror answers 405), the step says so plainly instead of failing or passing silently.
import { spawnSync } from 'node:child_process';

/** Pure: what an audit run means. 'unreachable' only for pnpm's own "bad response" error. */
export function classifyAudit(status, output) {
  if (status === 0) return 'clean';
  if (/ERR_PNPM_AUDIT_BAD_RESPONSE|ERR_PNPM_AUDIT_ENDPOINT_NOT_EXISTS/.test(output)) return 'unreachable';
  return 'advisories';
}

export function runAudit(pnpm, cwd) {
  const r = spawnSync(pnpm, ['audit', '--prod', '--audit-level', 'high'], { cwd, encoding: 'utf8' });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return { verdict: classifyAudit(r.status, output), output };
}
