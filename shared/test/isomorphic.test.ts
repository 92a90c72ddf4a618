import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * shared/ runs in browsers, Node and Deno: product code may use Web APIs only. The one way out is
 * a conditional entry in package.json "imports" (e.g. `#hmac`), whose "node" file may use Node as
 * long as its "default" file, the one everything else resolves, stays on Web APIs.
 */
const root = join(import.meta.dirname, '..');
const srcDir = join(root, 'src');
const packageImports = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { imports?: Record<string, Record<string, string>> }).imports ?? {};
const nodeOnly = new Set(Object.values(packageImports).map((targets) => targets.node).filter((f): f is string => !!f).map((f) => resolve(root, f)));
const productFiles = (readdirSync(srcDir, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => join(srcDir, f))
  .filter((f) => !nodeOnly.has(f));

describe('shared/src is isomorphic', () => {
  it('finds the product files', () => {
    expect(productFiles.length).toBeGreaterThan(10);
  });

  it('gives every Node-only import a default for other runtimes, in the same package', () => {
    for (const [name, targets] of Object.entries(packageImports)) {
      expect(targets, name).toHaveProperty('default');
      expect(productFiles, name).toContain(resolve(root, targets.default!));
    }
  });

  it.each(productFiles)('%s imports no Node built-in and touches no Node global', (file) => {
    // Comments may say "process" or "Buffer" in prose; only code counts.
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
    expect(code).not.toMatch(/from\s+['"](node:|fs|path|crypto|http|https|net|buffer)['"/]/);
    expect(code).not.toMatch(/\brequire\(/);
    expect(code).not.toMatch(/\b(Buffer|process|__dirname)\b/);
  });
});
