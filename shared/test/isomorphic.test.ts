import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** shared/ runs in browsers, Node and Deno: product code may use Web APIs only. */
const srcDir = join(import.meta.dirname, '..', 'src');
const productFiles = (readdirSync(srcDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => join(srcDir, f));

describe('shared/src is isomorphic', () => {
  it('finds the product files', () => {
    expect(productFiles.length).toBeGreaterThan(10);
  });

  it.each(productFiles)('%s imports no Node built-in and touches no Node global', (file) => {
    // Comments may say "process" or "Buffer" in prose; only code counts.
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    expect(code).not.toMatch(/from\s+['"](node:|fs|path|crypto|http|https|net|buffer)['"/]/);
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(/\b(Buffer|process|__dirname)\b/);
  });
});
