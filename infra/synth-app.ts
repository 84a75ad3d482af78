import { createNightshiftApp, type NightshiftApp, type NightshiftAppOptions } from "./app";

/**
 * Builds every stack and writes it to `options.outdir`.
 *
 * cdktf captures a full stack trace for every token it creates (several per resource) and keeps
 * it only to explain token errors. Formatting those traces, source-mapped under tsx, made building
 * 200 jobs in two environments more than ten times slower. For the duration, traces captured on
 * plain objects (cdktf's) are left empty and real errors are formatted without source maps; both
 * settings are restored after, also when synth throws.
 */
export function synthNightshiftApp(options: NightshiftAppOptions): NightshiftApp {
  const sourceMaps = process.sourceMapsEnabled;
  const prepare = Error.prepareStackTrace;
  process.setSourceMapsEnabled(false);
  Error.prepareStackTrace = (target, frames) =>
    target instanceof Error
      ? [`${target.name}: ${target.message}`, ...frames.map((f) => `    at ${f}`)].join("\n")
      : "";
  try {
    const built = createNightshiftApp(options);
    built.app.synth();
    return built;
  } finally {
    Error.prepareStackTrace = prepare;
    process.setSourceMapsEnabled(sourceMaps);
  }
}
