// The CPU time the calling thread has used, for the fuzzer's time-per-byte bound. `npm run fuzz` runs parsers in
// worker threads on a machine shared with other work: the clock also counts the time a thread waited for a core,
// so a bound on the clock failed under load (the 10 000-case run's time failures each passed when replayed alone),
// and `process.cpuUsage()` counts every thread of the process (the other workers too). Linux keeps counters per
// thread; a synchronous read runs on the calling thread, so `/proc/thread-self` is the worker's own:
//   - `schedstat`: its first field is the nanoseconds the thread ran on a CPU (user and system);
//   - `stat`: utime and stime in clock ticks (USER_HZ, 100 a second), where schedstat is not compiled in.
// Elsewhere (macOS, Windows) the clock is used: the bound is then only as good as the machine is quiet.
// Garbage collection on the thread counts; the part V8 does on its helper threads does not.
import { readFileSync } from 'node:fs';

export type CpuClockKind = 'thread schedstat' | 'thread stat' | 'wall clock';

function schedstatMs(): number {
  const s = readFileSync('/proc/thread-self/schedstat', 'latin1');
  return Number(s.slice(0, s.indexOf(' '))) / 1e6;
}

function statMs(): number {
  // Fields after the command name (in parentheses, may hold spaces): utime and stime are the 12th and 13th.
  const stat = readFileSync('/proc/thread-self/stat', 'latin1');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

function works(read: () => number): boolean {
  try {
    return Number.isFinite(read());
  } catch {
    return false;
  }
}

const chosen: { kind: CpuClockKind; read: () => number } = works(schedstatMs)
  ? { kind: 'thread schedstat', read: schedstatMs }
  : works(statMs)
    ? { kind: 'thread stat', read: statMs }
    : { kind: 'wall clock', read: () => performance.now() };

/** Which clock `threadCpuMs` reads (printed by `npm run fuzz`, so that a run on the wall clock says so). */
export const cpuClockKind: CpuClockKind = chosen.kind;

/** The calling thread's CPU time in ms (or the clock where there are no per-thread counters: see above). */
export function threadCpuMs(): number {
  return chosen.read();
}
