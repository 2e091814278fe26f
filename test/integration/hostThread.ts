/**
 * How long the extension host's thread is held, measured in a way load on the machine does not inflate.
 *
 * A 10 ms timer runs on the host's event loop; a stall is the time between two of its ticks. Its length on
 * the clock (`lateMs`) is what a user of a busy machine feels, but it also counts the time the thread waited
 * for a CPU, idle or not, so it grows with the load whatever the code does. What the code costs is the CPU
 * time the host's own thread spent inside the stall (`cpuMs`, from Linux's per-thread counters in
 * `/proc/self/task/<pid>/stat`, in steps of the kernel's clock tick, 10 ms): work that holds the loop for
 * 300 ms on a quiet machine spends about 300 ms of CPU in its stall however long a busy machine stretches
 * it, and a stall spent waiting for a CPU spends none. Garbage collection on the thread counts.
 */

import { readFileSync } from 'node:fs';

export interface Stall {
  /** When it started, ms since the watch began. */
  readonly at: number;
  readonly lateMs: number;
  readonly cpuMs: number;
}

export interface HostWatch {
  /** The longest stall by the host thread's CPU time in it, and the longest on the clock. */
  readonly worstCpu: Stall;
  readonly worstLate: Stall;
  /** Stalls over `reportOverMs` of CPU, in order. */
  readonly stalls: readonly Stall[];
  stop(): void;
}

const TICK_MS = 10;

/** The main thread's CPU time in ms (user + system), or undefined where Linux's counters are not there. */
function threadCpuMs(): number | undefined {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the
    // 12th and 13th after it, in clock ticks (USER_HZ, 100 a second on Linux).
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

export function hasThreadCpu(): boolean {
  return threadCpuMs() !== undefined;
}

export function watchHostThread(reportOverMs = 50): HostWatch {
  const start = performance.now();
  const none: Stall = { at: 0, lateMs: 0, cpuMs: 0 };
  const watch = {
    worstCpu: none,
    worstLate: none,
    stalls: [] as Stall[],
    stop: () => clearInterval(timer),
  };
  let last = performance.now();
  let lastCpu = threadCpuMs() ?? 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const cpu = threadCpuMs() ?? 0;
    const stall: Stall = {
      at: Math.round(last - start),
      lateMs: Math.round(now - last - TICK_MS),
      cpuMs: cpu - lastCpu,
    };
    if (stall.cpuMs > watch.worstCpu.cpuMs) watch.worstCpu = stall;
    if (stall.lateMs > watch.worstLate.lateMs) watch.worstLate = stall;
    if (stall.cpuMs > reportOverMs) watch.stalls.push(stall);
    last = now;
    lastCpu = cpu;
  }, TICK_MS);
  return watch;
}

/** The machine's load average over the last minute, for the log beside a figure. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'latin1').split(' ')[0]!;
  } catch {
    return '?';
  }
}
