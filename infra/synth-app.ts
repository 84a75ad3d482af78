import { createNightshiftApp, type NightshiftApp, type NightshiftAppOptions } from "./app";

/**
 * Builds every stack and writes it to `options.outdir`.
 *
 * cdktf records a full stack trace for every token it creates (several per resource). With source
 * maps enabled, as under tsx, Node maps each frame back to TypeScript, which made building 200 jobs
 * in two environments about six times slower. Source-mapped stacks are off for the duration and
 * restored after, so errors thrown later still point into the TypeScript sources.
 */
export function synthNightshiftApp(options: NightshiftAppOptions): NightshiftApp {
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  try {
    const built = createNightshiftApp(options);
    built.app.synth();
    return built;
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
  }
}
