import { describe, expect, it } from 'vitest';
import { classifyAudit } from './audit.mjs';

describe('classifyAudit', () => {
  it('passes a clean audit', () => {
    expect(classifyAudit(0, 'No known vulnerabilities found')).toBe('clean');
  });
  it('fails on advisories', () => {
    expect(classifyAudit(1, '┌─────┐\n│ high │ jose │\n1 vulnerabilities found\nSeverity: 1 high')).toBe('advisories');
  });
  it('reports an advisory service that does not answer as not run, not as clean', () => {
    const out = ' ERR_PNPM_AUDIT_BAD_RESPONSE  The audit endpoint (at …/audits/quick) responded with 405: .';
    expect(classifyAudit(1, out)).toBe('unreachable');
  });
  it('treats any other failure as a failure', () => {
    expect(classifyAudit(1, 'ERR_PNPM_SOMETHING_ELSE')).toBe('advisories');
  });
});
