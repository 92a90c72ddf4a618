// CPU seconds each process of the stack spent during a measurement: on a two-core box a figure that
// misses its goal is often bound by total CPU, and this says whose. Linux only (it reads /proc);
// elsewhere it reports nothing rather than guessing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds by role (`chromium renderer`, `edge API`, …), summed over that role's processes. */
export type CpuByRole = Map<string, number>;

export const BENCH_ROLE = 'bench (Node)';
export const SANDBOX_ROLE = 'Connect sandbox';

/**
 * The role a process plays in a bench run, from its command line (NUL-separated as /proc has it),
 * or null for processes that are not part of the run. Chromium's helpers are told apart by
 * `--type` and, for utilities, by the service they host (the network service is one).
 */
export function roleOf(cmdline: string, benchPid: number, pid: number): string | null {
  if (pid === benchPid) return BENCH_ROLE;
  const args = cmdline.split('\0').join(' ');
  if (/(^|\/)(chromium|chrome|headless_shell)\b/.test(args)) {
    const type = /--type=([\w-]+)/.exec(args)?.[1];
    if (!type) return 'chromium browser (incl. IndexedDB)';
    const service = /--utility-sub-type=[\w.]*\.(\w+)/.exec(args)?.[1];
    return `chromium ${type === 'utility' && service ? service : type}`;
  }
  if (args.includes('shell/server/main.ts')) return 'edge API';
  if (args.includes('sandbox/connect/src/main.ts')) return SANDBOX_ROLE;
  if (args.includes('remotes/connect-host/serve.ts')) return 'remote static server';
  return null;
}

/** utime + stime of a /proc/<pid>/stat line, in clock ticks. The command name may hold spaces and parentheses. */
export function cpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
  return Number(fields[11]) + Number(fields[12]);
}

/** What each role spent between two readings, largest first; roles under 10 ms are left out. */
export function cpuDelta(before: CpuByRole, after: CpuByRole): [string, number][] {
  return [...after]
    .map(([role, s]) => [role, s - (before.get(role) ?? 0)] as [string, number])
    .filter(([, s]) => s >= 0.01)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export const totalCpu = (rows: readonly [string, number][]) => rows.reduce((sum, [, s]) => sum + s, 0);

export function formatCpu(rows: readonly [string, number][]): string {
  const total = totalCpu(rows);
  return `${rows.map(([role, s]) => `${role} ${s.toFixed(2)}`).join(' · ')} (total ${total.toFixed(2)} CPU s)`;
}

/**
 * One line comparing a measured run's CPU with its baseline's. When the CPU ratio is close to the
 * time ratio, the run was bound by the work done, not by waiting (on two cores both sides run flat
 * out), and only doing less work, not overlapping it better, moves the figure.
 */
export function cpuVersusTime(run: readonly [string, number][], baseline: readonly [string, number][], timeRatio: number): string {
  const base = totalCpu(baseline);
  const cpuRatio = base > 0 ? totalCpu(run) / base : Infinity;
  return `${totalCpu(run).toFixed(2)} against ${base.toFixed(2)} CPU s: ${cpuRatio.toFixed(2)}× the baseline's CPU for ${timeRatio.toFixed(2)}× its time`;
}

let ticksPerSecond: number | undefined;

/** The CPU time so far of every process in the run, by role; empty where /proc does not exist. */
export function readCpuByRole(): CpuByRole {
  const byRole: CpuByRole = new Map();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return byRole;
  }
  for (const pid of pids) {
    let role: string | null;
    let ticks: number;
    try {
      role = roleOf(readFileSync(`/proc/${pid}/cmdline`, 'utf8'), process.pid, Number(pid));
      if (!role) continue;
      ticks = cpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      continue; // the process ended between listing and reading
    }
    byRole.set(role, (byRole.get(role) ?? 0) + ticks / ticksPerSecond);
  }
  return byRole;
}

/** Runs `work` and answers its result with the CPU each role spent meanwhile. */
export async function withCpu<T>(work: () => Promise<T>): Promise<{ result: T; cpu: [string, number][] }> {
  const before = readCpuByRole();
  const result = await work();
  return { result, cpu: cpuDelta(before, readCpuByRole()) };
}
