import { zipSync } from "fflate";

/**
 * A zip whose bytes depend only on the file names and contents: entries sorted, one fixed
 * timestamp and mode, fixed compression level (6, zlib's default: a level-9 zip is 0.5% smaller and
 * takes a fifth longer to build, on the critical path of every synth). fflate reads the timestamp with local-time getters,
 * so the date is built with the local-time constructor to give the same DOS time in every zone.
 */
export function deterministicZip(files: Record<string, Uint8Array>): Uint8Array {
  const mtime = new Date(2000, 0, 1, 0, 0, 0);
  const entries: Record<string, [Uint8Array, { mtime: Date; level: 6; os: number; attrs: number }]> = {};
  for (const name of Object.keys(files).sort()) {
    entries[name] = [files[name] as Uint8Array, { mtime, level: 6, os: 3, attrs: (0o100644 << 16) >>> 0 }];
  }
  return zipSync(entries);
}
