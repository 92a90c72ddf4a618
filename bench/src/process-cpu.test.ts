import { describe, expect, it } from 'vitest';
import { cpuDelta, cpuTicks, cpuVersusTime, formatCpu, readCpuByRole, roleOf } from './process-cpu.js';

const cmd = (...args: string[]) => `${args.join('\0')}\0`;

describe('roleOf', () => {
  it('tells Chromium processes apart by type and utility service', () => {
    expect(roleOf(cmd('/usr/lib/chromium/chromium', '--no-sandbox', '--headless'), 1, 2)).toBe('chromium browser (incl. IndexedDB)');
    expect(roleOf(cmd('/usr/lib/chromium/chromium', '--type=renderer', '--lang=en-US'), 1, 2)).toBe('chromium renderer');
    expect(roleOf(cmd('/usr/lib/chromium/chromium', '--type=utility', '--utility-sub-type=network.mojom.NetworkService'), 1, 2)).toBe('chromium NetworkService');
    expect(roleOf(cmd('/usr/lib/chromium/chromium', '--type=gpu-process'), 1, 2)).toBe('chromium gpu-process');
  });
  it('names the stack’s servers by their entry file and the bench by its pid', () => {
    const node = '/usr/bin/node';
    expect(roleOf(cmd(node, '--import', 'tsx', 'shell/server/main.ts'), 1, 2)).toBe('edge API');
    expect(roleOf(cmd(node, 'sandbox/connect/src/main.ts'), 1, 2)).toBe('Connect sandbox');
    expect(roleOf(cmd(node, 'remotes/connect-host/serve.ts'), 1, 2)).toBe('remote static server');
    expect(roleOf(cmd(node, 'bench/src/main.ts'), 7, 7)).toBe('bench (Node)');
  });
  it('leaves out everything else', () => {
    expect(roleOf(cmd('/usr/bin/node', 'bench/src/main.ts'), 7, 8)).toBeNull();
    expect(roleOf(cmd('bash', '-c', 'sleep 1'), 1, 2)).toBeNull();
  });
});

describe('cpuTicks', () => {
  it('adds utime and stime, even when the command name holds spaces and parentheses', () => {
    const tail = 'S 1 1 1 0 -1 4194304 98 0 0 0 123 45 0 0 20 0 1 0 1613879';
    expect(cpuTicks(`42 (node) ${tail}`)).toBe(168);
    expect(cpuTicks(`42 (Chrome_Child (x) y) ${tail}`)).toBe(168);
  });
});

describe('cpuDelta', () => {
  it('answers what each role spent, largest first, new roles counted from zero and idle ones dropped', () => {
    const before = new Map([['edge API', 1], ['Connect sandbox', 2], ['chromium renderer', 5]]);
    const after = new Map([['edge API', 1.5], ['Connect sandbox', 2.004], ['chromium renderer', 5.25], ['chromium NetworkService', 0.1]]);
    expect(cpuDelta(before, after)).toEqual([['edge API', 0.5], ['chromium renderer', 0.25], ['chromium NetworkService', 0.1]]);
  });
  it('sets the CPU ratio beside the time ratio', () => {
    expect(cpuVersusTime([['edge API', 3], ['chromium renderer', 1]], [['bench (Node)', 1]], 3.75)).toBe('4.00 against 1.00 CPU s: 4.00× the baseline\'s CPU for 3.75× its time');
  });
  it('formats the rows with their total', () => {
    expect(formatCpu([['edge API', 0.5], ['chromium renderer', 0.25]])).toBe('edge API 0.50 · chromium renderer 0.25 (total 0.75 CPU s)');
  });
});

describe.runIf(process.platform === 'linux')('readCpuByRole', () => {
  it('sees this process spend CPU', () => {
    const before = readCpuByRole().get('bench (Node)') ?? 0;
    const until = performance.now() + 150;
    let spin = 0;
    while (performance.now() < until) spin++;
    expect(spin).toBeGreaterThan(0);
    expect(readCpuByRole().get('bench (Node)')!).toBeGreaterThan(before + 0.05);
  });
});
