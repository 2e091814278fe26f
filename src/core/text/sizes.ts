/**
 * Byte sizes, written once: a bound reads as what it is (`64 * MiB`), and a message says a size
 * with `formatSize` (`messages.ts`), in the same units.
 */

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
