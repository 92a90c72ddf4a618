import type { ChildProcess } from 'node:child_process';
export declare function startStack(opts: {
  ports: { shell: number; remote: number; sandbox: number };
  env: Record<string, string>;
  only?: string[];
  quiet?: boolean;
}): Promise<{ children: ChildProcess[]; stop: () => Promise<void> }>;
